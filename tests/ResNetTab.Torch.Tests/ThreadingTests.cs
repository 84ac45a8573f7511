using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

[Collection(NativeMemoryCollection.Name)]
public class ThreadingTests
{
    [Fact]
    public void Passive_OpenMP_wait_is_set_before_libtorch_loads()
    {
        _ = thread_environment_defaults_applied();
        // Either the binding set it, or the user had set it already: in both cases libgomp saw a value.
        Environment.GetEnvironmentVariable("OMP_WAIT_POLICY").Should().NotBeNullOrEmpty();
        parallel_info().Should().Contain("OpenMP");
    }

    [Fact]
    public void set_num_threads_governs_libtorch_and_OpenBLAS()
    {
        var original = get_num_threads();
        try
        {
            set_num_threads(1);
            get_num_threads().Should().Be(1);
            if (get_blas_num_threads() != -1) get_blas_num_threads().Should().Be(1);
            set_num_threads(2);
            get_num_threads().Should().Be(2);
            if (get_blas_num_threads() != -1) get_blas_num_threads().Should().Be(2);
        }
        finally
        {
            set_num_threads(original);
        }
        FluentActions.Invoking(() => set_num_threads(0)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void The_default_uses_every_core()
    {
        get_num_threads().Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(Environment.ProcessorCount);
    }

    [Fact]
    public void Matmul_results_do_not_depend_on_the_thread_count()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var a = randn(256, 256);
        var b = randn(256, 256);
        var original = get_num_threads();
        set_num_threads(1);
        var one = a.mm(b);
        set_num_threads(original);
        var many = a.mm(b);
        one.allclose(many, rtol: 1e-5, atol: 1e-4).Should().BeTrue();
    }
}

public class AllocatorDefaultsTests
{
    [Fact]
    public void glibc_malloc_keeps_large_freed_blocks_unless_the_user_configured_it()
    {
        var applied = allocator_defaults_applied();
        if (Environment.GetEnvironmentVariable("RESNETTAB_KEEP_MALLOC") == "1")
        {
            applied.Should().BeEmpty();
            return;
        }
        foreach (var name in new[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_" })
        {
            var userSet = Environment.GetEnvironmentVariable(name) != null;
            applied.Any(a => a.StartsWith(name + "=", StringComparison.Ordinal)).Should().Be(!userSet, name);
        }
    }
}
