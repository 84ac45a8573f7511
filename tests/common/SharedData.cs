namespace ResNetTab.Tests.Common;

/// <summary>Locates the public test data kept outside the repository in <c>../shared/data</c>.</summary>
public static class SharedData
{
    /// <summary>Absolute path of the shared data folder, found by walking up from the test binaries.</summary>
    public static string Root { get; } = Locate();

    /// <summary>Path of a file or folder under the shared data folder.</summary>
    public static string PathOf(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Locate()
    {
        var env = Environment.GetEnvironmentVariable("RESNETTAB_SHARED_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return System.IO.Path.GetFullPath(env);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            // The repository root holds ResNetTab.sln; shared/ lies beside the repository.
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ResNetTab.sln")))
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "..", "shared", "data");
                if (Directory.Exists(candidate)) return System.IO.Path.GetFullPath(candidate);
            }
        }
        throw new DirectoryNotFoundException(
            "Shared test data not found: expected ../shared/data beside the repository root, or set RESNETTAB_SHARED_DATA.");
    }
}
