using System.IO.Compression;

namespace ResNetTab.Synthetic;

/// <summary>Output files of the generator: buffered, gzip-compressed when the name ends in <c>.gz</c>.</summary>
internal static class SyntheticFiles
{
    public static Stream Create(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var file = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionLevel.Fastest)
            : file;
    }
}
