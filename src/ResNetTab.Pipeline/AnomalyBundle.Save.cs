using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Anomaly;
using ResNetTab.Engine.StateDicts;
using ResNetTab.SelfSupervised;

namespace ResNetTab.Pipeline;

public sealed partial class AnomalyBundle
{
    internal static readonly JsonSerializerOptions ManifestJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// Writes the bundle to a folder, or to a zip file when <paramref name="path"/> ends in <c>.zip</c>, replacing what
    /// is there. The parts are written to a temporary folder beside the target first, the manifest last, so an
    /// interrupted save never leaves a bundle that loads.
    /// </summary>
    /// <param name="path">The folder or <c>.zip</c> file.</param>
    /// <exception cref="ObjectDisposedException">The bundle is disposed.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var lease = gate.Enter();
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteParts(staging);
            if (full.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                var temporary = staging + ".zip";
                try
                {
                    using (var zip = ZipFile.Open(temporary, ZipArchiveMode.Create))
                    {
                        foreach (var file in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                            zip.CreateEntryFromFile(file, Path.GetRelativePath(staging, file).Replace('\\', '/'), CompressionLevel.Optimal);
                    }
                    File.Move(temporary, full, overwrite: true);
                }
                finally
                {
                    File.Delete(temporary);
                }
            }
            else
            {
                if (Directory.Exists(full)) Directory.Delete(full, recursive: true);
                else if (File.Exists(full)) throw new IOException($"'{full}' is a file; a bundle folder cannot replace it.");
                Directory.Move(staging, full);
            }
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    private void WriteParts(string directory)
    {
        Directory.CreateDirectory(directory);
        string At(string name)
        {
            var file = Path.Combine(directory, BundleLayout.PathOf(name));
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            return file;
        }

        Preprocessor.Save(At(BundleLayout.Preprocessor));
        // The library's default detector with its members; its reconstruction member writes the model beside the JSON
        // (PyTorch names, recipe in its metadata) and records that file's checksum, so the weights are the ones it was
        // calibrated with.
        ScorerPersistence.Save(detector.Inner, At(BundleLayout.Detector));
        File.WriteAllText(At(BundleLayout.Map), map.ToJson().ToJsonString());

        var parts = BundleLayout.Parts.Select(p =>
        {
            var file = Path.Combine(directory, p.Path);
            return new BundlePart(p.Name, p.Path, new FileInfo(file).Length, BundleLayout.Sha256(file));
        }).ToList();
        Manifest = Manifest with { Parts = parts };
        File.WriteAllText(Path.Combine(directory, BundleLayout.Manifest), JsonSerializer.Serialize(Manifest, ManifestJson));
    }
}
