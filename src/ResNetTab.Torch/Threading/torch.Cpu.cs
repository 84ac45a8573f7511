using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    /// <summary>
    /// The binding's cache of large CPU blocks. Blocks of 16 MB and more (activations and convolution
    /// buffers of image models) are kept after their tensor is freed and handed out again, instead of
    /// being unmapped and page-faulted back in on every training step; smaller blocks go to libtorch's
    /// allocator unchanged. At most <see cref="cache_limit"/> idle bytes are kept (2 GB by default;
    /// the <c>RESNETTAB_CPU_CACHE_MB</c> environment variable sets it at start-up, 0 turns caching off).
    /// </summary>
    public static class cpu
    {
        /// <summary>Returns every idle cached block to the system (PyTorch's <c>torch.cuda.empty_cache</c>, for the CPU).</summary>
        public static void empty_cache() => Check(rt_cpu_cache_empty());

        /// <summary>The most idle bytes the cache keeps; 0 means caching is off.</summary>
        public static long cache_limit
        {
            get => memory_stats().max_idle_bytes;
            set
            {
                ArgumentOutOfRangeException.ThrowIfNegative(value);
                Check(rt_cpu_cache_set_limit(value));
            }
        }

        /// <summary>A snapshot of the cache's counters.</summary>
        public static unsafe CpuCacheStats memory_stats()
        {
            long idle, live, hits, misses, max;
            Check(rt_cpu_cache_stats(&idle, &live, &hits, &misses, &max));
            return new CpuCacheStats(idle, live, hits, misses, max);
        }
    }
}

/// <summary>Counters of the binding's large-block CPU cache (see <see cref="torch.cpu"/>).</summary>
/// <param name="idle_bytes">Bytes of freed blocks kept for reuse.</param>
/// <param name="live_bytes">Bytes of cached-size blocks currently held by tensors.</param>
/// <param name="hits">Large allocations served from the cache.</param>
/// <param name="misses">Large allocations that needed new memory.</param>
/// <param name="max_idle_bytes">The most idle bytes kept (0: caching off).</param>
public readonly record struct CpuCacheStats(long idle_bytes, long live_bytes, long hits, long misses, long max_idle_bytes);
