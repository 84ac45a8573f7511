using ResNetTab.Tests.Common;

namespace ResNetTab.Data.Tests;

internal static class TestPaths
{
    public static string Samples => SharedData.PathOf("ocsf", "examples-mappings");

    public static string Sample(params string[] parts) => Path.Combine([Samples, .. parts]);

    public static string[] AllSampleFiles() =>
        Directory.EnumerateFiles(Samples, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    public static string Rel(string path) => Path.GetRelativePath(Samples, path).Replace('\\', '/');

    /// <summary>A temporary directory removed on dispose.</summary>
    public sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "resnettab-data-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
        }
    }
}
