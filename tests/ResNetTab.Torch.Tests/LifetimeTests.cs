using ResNetTab.Torch.Lifetime;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

[Collection(NativeMemoryCollection.Name)]
public class LifetimeTests
{
    /// <summary>Lets garbage from earlier tests be finalized and released, so live counts are stable.</summary>
    internal static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        zeros(1).Dispose(); // the next binding call releases queued handles
    }

    [Fact]
    public void Scope_frees_everything_created_inside_it()
    {
        Settle();
        var before = TensorStatistics.LiveCount;
        Tensor a, b;
        using (NewDisposeScope())
        {
            a = randn(3, 3);
            b = (a * 2 + 1).relu();
            TensorStatistics.LiveCount.Should().BeGreaterThanOrEqualTo(before + 4);
        }
        a.IsInvalid.Should().BeTrue();
        b.IsInvalid.Should().BeTrue();
        TensorStatistics.LiveCount.Should().Be(before);
    }

    [Fact]
    public void MoveToOuterDisposeScope_survives_the_inner_scope_and_dies_with_the_outer()
    {
        Settle();
        var before = TensorStatistics.LiveCount;
        Tensor kept;
        using (var outer = NewDisposeScope())
        {
            using (NewDisposeScope())
            {
                kept = ones(2).MoveToOuterDisposeScope();
                _ = zeros(2);
            }
            kept.IsInvalid.Should().BeFalse();
            kept.ReadAll<float>().Should().Equal(1, 1);
            outer.Count.Should().Be(1);
        }
        kept.IsInvalid.Should().BeTrue();
        TensorStatistics.LiveCount.Should().Be(before);
    }

    [Fact]
    public void Moving_out_of_the_outermost_scope_leaves_the_tensor_to_the_caller()
    {
        Tensor kept;
        using (NewDisposeScope()) kept = ones(2).MoveToOuterDisposeScope();
        kept.IsInvalid.Should().BeFalse();
        kept.OwningScope.Should().BeNull();
        kept.Dispose();
        kept.IsInvalid.Should().BeTrue();
    }

    [Fact]
    public void DetachFromDisposeScope_keeps_a_tensor_alive_past_every_scope()
    {
        Tensor kept;
        using (NewDisposeScope())
        using (NewDisposeScope())
            kept = arange(4).DetachFromDisposeScope();
        kept.ReadAll<long>().Should().Equal(0, 1, 2, 3);
        kept.Dispose();
    }

    [Fact]
    public void Use_after_dispose_throws_ObjectDisposedException()
    {
        var t = ones(2);
        t.Dispose();
        t.Dispose(); // idempotent
        var act = () => t.sum();
        act.Should().Throw<ObjectDisposedException>();
        FluentActions.Invoking(() => t.shape).Should().Throw<ObjectDisposedException>();
        t.ToString().Should().Be("Tensor (disposed)");
    }

    [Fact]
    public void Disposing_an_outer_scope_closes_inner_scopes_left_open()
    {
        var outer = NewDisposeScope();
        var inner = NewDisposeScope();
        var t = ones(1);
        outer.Dispose();
        inner.IsDisposed.Should().BeTrue();
        t.IsInvalid.Should().BeTrue();
        DisposeScopeManager.Current.Should().BeNull();
    }

    [Fact]
    public void Scopes_are_per_thread()
    {
        using var scope = NewDisposeScope();
        Tensor? fromOtherThread = null;
        var thread = new Thread(() => fromOtherThread = ones(1));
        thread.Start();
        thread.Join();
        scope.Count.Should().Be(0);
        fromOtherThread!.OwningScope.Should().BeNull();
        fromOtherThread.Dispose();
    }

    [Fact]
    public void Undisposed_tensors_are_released_after_collection_without_touching_libtorch_on_the_finalizer_thread()
    {
        var finalizedBefore = TensorStatistics.FinalizedCount;
        CreateGarbage(50);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // The finalizers only queued the handles; the next binding call releases them.
        using var next = zeros(1);
        TensorStatistics.FinalizedCount.Should().BeGreaterThanOrEqualTo(finalizedBefore + 50);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void CreateGarbage(int n)
    {
        for (var i = 0; i < n; i++) _ = ones(16);
    }

    [Fact]
    public void Twenty_thousand_training_like_iterations_hold_flat_memory()
    {
        using var w = randn([64, 64], requires_grad: true);
        void Step()
        {
            using var scope = NewDisposeScope();
            var x = randn(32, 64);
            var loss = (x.matmul(w).relu() - 0.5).square().mean();
            loss.backward();
            using (no_grad())
            {
                var g = w.grad!;
                w.sub_(g, 1e-4);
                g.zero_();
            }
        }

        // Warm up until resident memory settles: the first ~10,000 iterations grow it by ~10 MB once
        // (JIT tiering and runtime data structures, not tensors), after which it stays flat.
        var previous = TrimmedResidentBytes();
        for (var chunk = 0; chunk < 20; chunk++)
        {
            for (var i = 0; i < 2_000; i++) Step();
            var now = TrimmedResidentBytes();
            if (chunk >= 2 && Math.Abs(now - previous) < (256L << 10)) break;
            previous = now;
        }
        Settle();
        var live = TensorStatistics.LiveCount;
        var start = TrimmedResidentBytes();
        var nativeStart = NativeHeapInUse();
        for (var i = 0; i < 20_000; i++) Step();
        Settle();
        var end = TrimmedResidentBytes();
        var nativeGrowth = NativeHeapInUse() - nativeStart;

        TensorStatistics.LiveCount.Should().Be(live);
        // Native heap in use is where tensors live: a leak of even 50 bytes per iteration would add 1 MB.
        nativeGrowth.Should().BeLessThan(1L << 20, "the native heap must not grow (grew {0:N0} bytes)", nativeGrowth);
        (end - start).Should().BeLessThan(4L << 20, "resident memory must stay flat (grew {0:N0} bytes)", end - start);
    }

    /// <summary>
    /// Resident bytes after returning free heap pages to the system: memory that is merely cached by
    /// malloc (fragmentation from other tests' threads) does not count, a real leak still does.
    /// </summary>
    internal static long TrimmedResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // Aggressive mode also decommits the regions the GC keeps for future allocations.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        malloc_trim(0);
        return ResidentBytes();
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern int malloc_trim(nuint pad);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern MallInfo2 mallinfo2();

    /// <summary>Bytes currently allocated through malloc (heap in use plus mmap'd blocks): where tensors live.</summary>
    internal static long NativeHeapInUse()
    {
        var info = mallinfo2();
        return (long)(info.uordblks + info.hblkhd);
    }

    internal static long ResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        throw new InvalidOperationException("VmRSS not found in /proc/self/status");
    }
}

/// <summary>Tests that count process-wide tensors or memory must not run beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class NativeMemoryCollection
{
    public const string Name = "native memory";
}
