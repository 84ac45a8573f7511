using System.Reflection;
using System.Runtime.InteropServices;

namespace ResNetTab.Torch.Native;

/// <summary>
/// Finds and loads the native shim, prepares the native environment before libtorch starts, and
/// refuses a shim built for another ABI or an unsupported libtorch.
/// </summary>
internal static unsafe class NativeLibraryLoader
{
    /// <summary>Environment variable holding the full path of the shim, overriding the search.</summary>
    internal const string PathVariable = "RESNETTAB_TORCH_NATIVE";

    /// <summary>The ABI version this assembly was written against (RT_ABI_VERSION in rt_shim.h).</summary>
    internal const int ExpectedAbiVersion = 1;

    private static readonly object Gate = new();
    private static int registered;
    private static IntPtr handle;

    /// <summary>Installs the resolver for this assembly once.</summary>
    internal static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) != 0) return;
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != NativeMethods.Library) return IntPtr.Zero;
        lock (Gate)
        {
            if (handle != IntPtr.Zero) return handle;
            ThreadingDefaults.ApplyBeforeLibtorchLoads();
            var tried = new List<string>();
            foreach (var candidate in Candidates())
            {
                tried.Add(candidate);
                if (!File.Exists(candidate)) continue;
                if (!NativeLibrary.TryLoad(candidate, out var loaded))
                {
                    // The file exists but does not load: most often libtorch itself is missing.
                    throw new DllNotFoundException(LoadFailureMessage(candidate));
                }
                Validate(loaded, candidate);
                ThreadingDefaults.ApplyAfterLibtorchLoads(loaded);
                handle = loaded;
                return handle;
            }
            throw new DllNotFoundException(NotFoundMessage(tried));
        }
    }

    private static IEnumerable<string> Candidates()
    {
        var overridePath = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(overridePath)) yield return Path.GetFullPath(overridePath);
        const string fileName = "libresnettab_torch.so";
        var assemblyDir = Path.GetDirectoryName(typeof(NativeLibraryLoader).Assembly.Location);
        foreach (var dir in new[] { assemblyDir, AppContext.BaseDirectory }.Where(d => !string.IsNullOrEmpty(d)).Distinct())
        {
            yield return Path.Combine(dir!, fileName);
            yield return Path.Combine(dir!, "runtimes", "linux-x64", "native", fileName);
        }
    }

    private static void Validate(IntPtr library, string path)
    {
        var abi = ((delegate* unmanaged<int>)NativeLibrary.GetExport(library, "rt_abi_version"))();
        if (abi != ExpectedAbiVersion)
        {
            throw new TorchException(
                $"The native shim at '{path}' has ABI version {abi}, but ResNetTab.Torch {typeof(NativeLibraryLoader).Assembly.GetName().Version} " +
                $"needs ABI version {ExpectedAbiVersion}. Rebuild it (dotnet build src/ResNetTab.Torch) or remove the stale file.");
        }
        var major = ((delegate* unmanaged<int>)NativeLibrary.GetExport(library, "rt_torch_version_major"))();
        var minor = ((delegate* unmanaged<int>)NativeLibrary.GetExport(library, "rt_torch_version_minor"))();
        if (major < 1 || (major == 1 && minor < 13))
        {
            throw new TorchException(
                $"The native shim at '{path}' was compiled against libtorch {major}.{minor}; ResNetTab.Torch needs libtorch 1.13 or newer.");
        }
    }

    private static string LoadFailureMessage(string path)
    {
        var detail = "";
        try
        {
            NativeLibrary.Load(path);
        }
        catch (Exception e)
        {
            detail = e.Message;
        }
        return $"The native shim '{path}' exists but could not be loaded: {detail}\n" + InstallHint;
    }

    private static string NotFoundMessage(IEnumerable<string> tried) =>
        "The ResNetTab libtorch shim (libresnettab_torch.so) was not found. Looked in:\n  " +
        string.Join("\n  ", tried) +
        $"\nSet {PathVariable} to its full path, or build it with `dotnet build` (which runs CMake).\n" + InstallHint;

    private const string InstallHint =
        "libtorch must be installed: on Debian run `scripts/setup.sh` (or `apt-get install libtorch-dev libopenblas0-pthread cmake g++`); " +
        "for another libtorch (e.g. CUDA) set Torch_DIR or LIBTORCH when building.";
}
