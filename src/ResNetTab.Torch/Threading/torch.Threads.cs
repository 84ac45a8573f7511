using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    /// <summary>
    /// Sets the number of threads libtorch uses for intra-op parallelism, and the size of
    /// OpenBLAS's own thread pool (when libtorch's BLAS is OpenBLAS) to the same number, so one
    /// setting governs both pools. The setting is process-wide.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="num"/> is not positive.</exception>
    public static void set_num_threads(int num)
    {
        if (num <= 0) throw new ArgumentOutOfRangeException(nameof(num), num, "number of threads must be positive");
        Check(rt_set_num_threads(num, num));
    }

    /// <summary>Sets libtorch's and OpenBLAS's thread counts separately.</summary>
    public static void set_num_threads(int intraOp, int blas)
    {
        if (intraOp <= 0) throw new ArgumentOutOfRangeException(nameof(intraOp), intraOp, "number of threads must be positive");
        if (blas <= 0) throw new ArgumentOutOfRangeException(nameof(blas), blas, "number of BLAS threads must be positive");
        Check(rt_set_num_threads(intraOp, blas));
    }

    /// <summary>Threads libtorch uses for intra-op parallelism (default: all cores).</summary>
    public static int get_num_threads() => rt_get_num_threads();

    /// <summary>Threads in OpenBLAS's pool, or −1 when libtorch does not use OpenBLAS.</summary>
    public static int get_blas_num_threads() => rt_get_blas_num_threads();

    /// <summary>Sets the inter-op thread pool size; must be called before any inter-op work starts.</summary>
    public static void set_num_interop_threads(int num) => Check(rt_set_num_interop_threads(num));

    /// <summary>Threads in libtorch's inter-op pool.</summary>
    public static int get_num_interop_threads() => rt_get_num_interop_threads();

    /// <summary>libtorch's description of its parallel configuration (as torch.__config__.parallel_info()).</summary>
    public static unsafe string parallel_info()
    {
        int length;
        Check(rt_parallel_info(null, 0, &length));
        var buffer = new byte[length + 1];
        fixed (byte* p = buffer) Check(rt_parallel_info(p, buffer.Length, &length));
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>Native environment variables the binding set before libtorch loaded (e.g. OMP_WAIT_POLICY).</summary>
    public static IReadOnlyList<string> thread_environment_defaults_applied()
    {
        _ = rt_abi_version(); // make sure the library (and with it the environment) is initialised
        return Native.ThreadingDefaults.Applied;
    }

    /// <summary>glibc allocator settings the binding applied before libtorch loaded (e.g. MALLOC_MMAP_THRESHOLD_=33554432).</summary>
    public static IReadOnlyList<string> allocator_defaults_applied()
    {
        _ = rt_abi_version(); // make sure the library (and with it the settings) is initialised
        return Native.AllocatorDefaults.Applied;
    }

    /// <summary>The libtorch version the native shim was compiled against, e.g. "1.13.1".</summary>
    public static string __version__ => System.Runtime.InteropServices.Marshal.PtrToStringUTF8(rt_torch_version()) ?? "unknown";

    /// <summary>CUDA queries.</summary>
    public static class cuda
    {
        /// <summary>True only when the linked libtorch was built with CUDA and a GPU is present.</summary>
        public static bool is_available() => rt_cuda_is_available() != 0;

        /// <summary>Number of visible CUDA devices (0 without CUDA).</summary>
        public static int device_count() => rt_cuda_device_count();
    }

    /// <summary>Raises a libtorch error with the given message (lets callers verify error propagation).</summary>
    internal static unsafe void RaiseForTest(string message)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(message + "\0");
        fixed (byte* p = bytes) Check(rt_raise_for_test(p));
    }
}
