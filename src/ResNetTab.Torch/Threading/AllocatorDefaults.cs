using System.Runtime.InteropServices;

namespace ResNetTab.Torch.Native;

/// <summary>
/// glibc malloc settings applied before libtorch loads, so chains of large intermediate tensors reuse
/// memory instead of paying first-touch page faults on every allocation.
/// </summary>
/// <remarks>
/// By default glibc serves blocks above a dynamic threshold (at most 32 MB) with fresh <c>mmap</c> pages
/// and returns a freed heap top above twice that threshold to the system. A network whose layers each
/// produce megabyte-sized activations then page-faults on every op: measured here, six TabularResNet
/// blocks at batch 1024 took 23 ms as is and 11–13 ms with the settings below. Keeping freed memory in
/// the process (up to <see cref="TrimThreshold"/> at the top of the heap) is what PyTorch deployments get
/// from jemalloc or tcmalloc. A user's own <c>MALLOC_*</c> environment variables always win, and
/// <c>RESNETTAB_KEEP_MALLOC=1</c> leaves the allocator untouched.
/// </remarks>
internal static class AllocatorDefaults
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_TOP_PAD = -2;
    private const int M_MMAP_THRESHOLD = -3;

    /// <summary>Blocks up to this size come from the heap and are reused (glibc's maximum on 64-bit).</summary>
    internal const int MmapThreshold = 32 << 20;

    /// <summary>Free memory at the top of the heap kept before returning it to the system.</summary>
    internal const int TrimThreshold = 256 << 20;

    /// <summary>Extra memory requested with each heap extension.</summary>
    internal const int TopPad = 64 << 20;

    /// <summary>The settings that were applied (empty when none were).</summary>
    internal static readonly List<string> Applied = new();

    internal static void Apply()
    {
        if (Environment.GetEnvironmentVariable("RESNETTAB_KEEP_MALLOC") == "1") return;
        Set("MALLOC_MMAP_THRESHOLD_", M_MMAP_THRESHOLD, MmapThreshold);
        Set("MALLOC_TRIM_THRESHOLD_", M_TRIM_THRESHOLD, TrimThreshold);
        Set("MALLOC_TOP_PAD_", M_TOP_PAD, TopPad);
    }

    private static void Set(string environmentName, int parameter, int value)
    {
        if (Environment.GetEnvironmentVariable(environmentName) != null) return;
        try
        {
            if (mallopt(parameter, value) == 1) Applied.Add($"{environmentName}={value}");
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): nothing to tune.
        }
        catch (DllNotFoundException)
        {
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
