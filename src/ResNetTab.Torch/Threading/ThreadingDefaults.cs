using System.Runtime.InteropServices;

namespace ResNetTab.Torch.Native;

/// <summary>
/// Native environment applied before libtorch (and with it libgomp and OpenBLAS) is loaded.
/// </summary>
/// <remarks>
/// libtorch runs its own parallel loops on OpenMP (libgomp) while OpenBLAS keeps a separate pthread
/// pool. With libgomp's default active wait, OpenMP workers keep spinning after each parallel region
/// and steal the cores OpenBLAS needs: a 1024³ matmul then runs at about half speed. A passive wait
/// policy makes idle OpenMP workers sleep. libgomp reads OMP_WAIT_POLICY once, when it initialises,
/// and .NET's Environment.SetEnvironmentVariable does not change the native environment on Linux, so
/// the variable is set through libc's setenv before the first native call. A value the user set
/// explicitly is never overridden.
/// </remarks>
internal static unsafe class ThreadingDefaults
{
    /// <summary>Variables set when absent, with their values.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        ["OMP_WAIT_POLICY"] = "PASSIVE",
    };

    /// <summary>Names of the variables this class set (empty when the user had set them all).</summary>
    internal static readonly List<string> Applied = new();

    internal static void ApplyBeforeLibtorchLoads()
    {
        if (OperatingSystem.IsLinux()) AllocatorDefaults.Apply();
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        if (Environment.GetEnvironmentVariable("RESNETTAB_KEEP_THREAD_ENV") == "1") return;
        foreach (var (name, value) in Defaults)
        {
            if (NativeGetEnv(name) != null) continue;
            if (SetEnv(name, value) == 0)
            {
                Applied.Add(name);
                Environment.SetEnvironmentVariable(name, value); // keep the managed view consistent
            }
        }
    }

    /// <summary>
    /// Uses every core by default. Some libtorch builds (Debian's among them) start with one
    /// intra-op thread; an explicit OMP_NUM_THREADS from the user is respected.
    /// </summary>
    internal static void ApplyAfterLibtorchLoads(IntPtr library)
    {
        if (NativeGetEnv("OMP_NUM_THREADS") != null) return;
        var setThreads = (delegate* unmanaged<int, int, int>)NativeLibrary.GetExport(library, "rt_set_num_threads");
        var blas = NativeGetEnv("OPENBLAS_NUM_THREADS") is { } b && int.TryParse(b, out var n) && n > 0 ? n : Environment.ProcessorCount;
        _ = setThreads(Environment.ProcessorCount, blas);
    }

    private static string? NativeGetEnv(string name)
    {
        fixed (byte* n = Utf8(name))
        {
            var p = getenv(n);
            return p == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(p);
        }
    }

    private static int SetEnv(string name, string value)
    {
        fixed (byte* n = Utf8(name))
        fixed (byte* v = Utf8(value))
        {
            return setenv(n, v, 0);
        }
    }

    private static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s + "\0");

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv(byte* name, byte* value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr getenv(byte* name);
}
