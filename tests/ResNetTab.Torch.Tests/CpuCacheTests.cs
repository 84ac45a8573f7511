using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

/// <summary>The large-block CPU cache reuses freed blocks, keeps values correct, and can be emptied or turned off.</summary>
[Collection(NativeMemoryCollection.Name)]
public sealed class CpuCacheTests
{
    private const long LargeElements = 5L << 20; // 20 MB of float32: above the 16 MB caching floor

    [Fact]
    public void A_freed_large_block_is_reused_and_small_blocks_bypass_the_cache()
    {
        cpu.empty_cache();
        var before = cpu.memory_stats();
        using (var a = ones([LargeElements])) a.sum().item<float>().Should().Be(LargeElements);
        var afterFirst = cpu.memory_stats();
        afterFirst.idle_bytes.Should().BeGreaterThanOrEqualTo(LargeElements * 4, "the freed block is kept");

        using (var b = full([LargeElements], 2.0)) b.sum().item<float>().Should().Be(2f * LargeElements, "a reused block holds the new values");
        var afterSecond = cpu.memory_stats();
        afterSecond.hits.Should().BeGreaterThan(afterFirst.hits);

        using (var small = ones([1000])) small.sum().item<float>().Should().Be(1000);
        var afterSmall = cpu.memory_stats();
        (afterSmall.hits + afterSmall.misses).Should().Be(afterSecond.hits + afterSecond.misses, "small tensors use libtorch's allocator");
        before.max_idle_bytes.Should().BePositive();
    }

    [Fact]
    public void Empty_cache_returns_idle_blocks_and_a_zero_limit_turns_caching_off()
    {
        var limit = cpu.cache_limit;
        try
        {
            using (ones([LargeElements])) { }
            cpu.memory_stats().idle_bytes.Should().BePositive();
            cpu.empty_cache();
            cpu.memory_stats().idle_bytes.Should().Be(0);

            cpu.cache_limit = 0;
            var misses = cpu.memory_stats().misses;
            using (var t = ones([LargeElements])) t.sum().item<float>().Should().Be(LargeElements);
            cpu.memory_stats().idle_bytes.Should().Be(0);
            cpu.memory_stats().misses.Should().Be(misses, "with caching off, allocations go to libtorch's allocator");
            var act = () => cpu.cache_limit = -1;
            act.Should().Throw<ArgumentOutOfRangeException>();
        }
        finally
        {
            cpu.cache_limit = limit;
        }
    }

    [Fact]
    public void Autograd_through_cached_blocks_matches_the_analytic_gradient()
    {
        using var scope = NewDisposeScope();
        for (var round = 0; round < 3; round++)
        {
            var x = full([LargeElements], 3.0, requires_grad: true);
            (x * x).sum().backward();
            x.grad!.max().item<float>().Should().Be(6f);
            x.grad!.min().item<float>().Should().Be(6f);
        }
    }
}
