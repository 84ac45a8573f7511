using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch.Lifetime;

/// <summary>
/// Native handles of tensors collected by the garbage collector. Finalizers only enqueue here; the
/// handles are released by the next binding call on an ordinary thread, never on the finalizer thread.
/// </summary>
internal static class NativeReleaseQueue
{
    private static readonly ConcurrentQueue<IntPtr> Queue = new();
    private static int pending;

    internal static void Enqueue(IntPtr handle)
    {
        Queue.Enqueue(handle);
        Interlocked.Increment(ref pending);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void DrainIfAny()
    {
        if (Volatile.Read(ref pending) != 0) Drain();
    }

    /// <summary>Releases every queued handle now.</summary>
    internal static void Drain()
    {
        while (Queue.TryDequeue(out var handle))
        {
            Interlocked.Decrement(ref pending);
            rt_tensor_free(handle);
            TensorStatistics.OnFinalized();
        }
    }
}
