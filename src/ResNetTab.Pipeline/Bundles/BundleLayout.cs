using System.Security.Cryptography;

namespace ResNetTab.Pipeline;

/// <summary>The files of a bundle and the checks that every one is present, whole and unchanged.</summary>
internal static class BundleLayout
{
    public const string Manifest = "manifest.json";
    public const string Preprocessor = "preprocessor";
    public const string Model = "model";
    public const string Detector = "detector";
    public const string Map = "embedding_map";

    /// <summary>Each part's name and path inside the bundle.</summary>
    public static readonly IReadOnlyList<(string Name, string Path)> Parts =
    [
        (Preprocessor, "preprocessor.json"),
        (Model, "scorers/default_detector.json.reconstruction.model.safetensors"),
        (Detector, "scorers/default_detector.json"),
        (Map, "transforms/embedding_map.json"),
    ];

    public static string PathOf(string name) => Parts.First(p => p.Name == name).Path;

    public static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Checks that the manifest lists exactly the expected parts and that each file has its recorded size and checksum.</summary>
    /// <exception cref="InvalidDataException">The first problem, naming the part and its file.</exception>
    public static void Verify(string directory, BundleManifest manifest)
    {
        var listed = manifest.Parts ?? [];
        foreach (var (name, path) in Parts)
        {
            var matches = listed.Where(p => p?.Name == name).ToList();
            if (matches.Count != 1)
                throw new InvalidDataException($"The bundle '{directory}' is not valid: its manifest lists the part '{name}' {matches.Count} times (expected once).");
            if (matches[0].Path != path)
                throw new InvalidDataException($"The bundle '{directory}' is not valid: its manifest places the part '{name}' at '{matches[0].Path}' instead of '{path}'.");
            var file = Path.Combine(directory, path);
            if (!File.Exists(file))
                throw new InvalidDataException($"The bundle '{directory}' is incomplete: the part '{name}' ({path}) is missing.");
            var length = new FileInfo(file).Length;
            if (length != matches[0].Bytes)
                throw new InvalidDataException($"The bundle '{directory}' is damaged: the part '{name}' ({path}) has {length} bytes but the manifest records {matches[0].Bytes} (truncated or replaced).");
            if (!string.Equals(Sha256(file), matches[0].Sha256, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"The bundle '{directory}' is damaged: the content of the part '{name}' ({path}) does not match its checksum in the manifest (changed after the bundle was written).");
        }
        var unknown = listed.FirstOrDefault(p => p is not null && Parts.All(q => q.Name != p.Name));
        if (unknown is not null)
            throw new InvalidDataException($"The bundle '{directory}' is not valid: its manifest lists an unknown part '{unknown.Name}'.");
    }
}
