using System.Runtime.InteropServices;

namespace ResNetTab.Engine.Runtime;

/// <summary>
/// glibc malloc settings that keep large freed blocks in the process instead of returning them to the
/// kernel and faulting fresh pages in on the next batch (image-model activations are tens of MB).
/// Each is skipped when the user set the matching MALLOC_*_ variable; nothing happens outside glibc.
/// </summary>
internal static class MallocTuning
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_TOP_PAD = -2;
    private const int M_MMAP_THRESHOLD = -3;

    internal const int MmapThreshold = 32 << 20;
    internal const int TrimThreshold = 256 << 20;
    internal const int TopPad = 64 << 20;

    public static IEnumerable<string> Apply()
    {
        if (!OperatingSystem.IsLinux()) yield break;
        foreach (var (name, parameter, value) in new[]
        {
            ("MALLOC_MMAP_THRESHOLD_", M_MMAP_THRESHOLD, MmapThreshold),
            ("MALLOC_TRIM_THRESHOLD_", M_TRIM_THRESHOLD, TrimThreshold),
            ("MALLOC_TOP_PAD_", M_TOP_PAD, TopPad),
        })
        {
            if (Environment.GetEnvironmentVariable(name) != null) continue;
            if (TrySet(parameter, value)) yield return $"{name}={value}";
        }
    }

    private static bool TrySet(int parameter, int value)
    {
        try
        {
            return mallopt(parameter, value) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // not glibc (e.g. musl)
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
