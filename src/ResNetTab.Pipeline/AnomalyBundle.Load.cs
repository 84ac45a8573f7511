using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Anomaly;
using ResNetTab.Data;
using ResNetTab.Engine.Serialization;
using ResNetTab.Engine.Tensors;
using ResNetTab.SelfSupervised;
using static TorchSharp.torch;

namespace ResNetTab.Pipeline;

public sealed partial class AnomalyBundle
{
    /// <summary>Largest manifest read (a manifest is a few kilobytes; a larger file is not one).</summary>
    private const long MaxManifestBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Loads a bundle written by <see cref="Save"/> (a folder or a <c>.zip</c>), after checking the manifest's format and
    /// version, that every part is present with its recorded size and checksum, and that the parts belong together (the
    /// preprocessor's layout is the manifest's and the model's, the scorers were calibrated with these weights).
    /// </summary>
    /// <param name="path">The folder or zip file.</param>
    /// <returns>The bundle (the caller disposes it).</returns>
    /// <exception cref="FileNotFoundException">Nothing is at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The bundle is not valid; the message names the part and the problem.</exception>
    public static AnomalyBundle Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) return LoadDirectory(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No model bundle at '{path}' (neither a folder nor a zip file).", path);
        var staging = Path.Combine(Path.GetTempPath(), $"resnettab-bundle-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Extract(path, staging);
            return LoadDirectory(staging, path);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Reads a bundle's manifest without loading the model (for inspection); the checksums are verified.</summary>
    /// <param name="path">The folder or zip file.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="InvalidDataException">The bundle is not valid.</exception>
    public static BundleManifest ReadManifest(string path)
    {
        using var bundle = Load(path);
        return bundle.Manifest;
    }

    private static void Extract(string zipPath, string directory)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{zipPath}' is neither a bundle folder nor a readable zip file: {e.Message}", e);
        }
        using (zip)
        {
            var allowed = BundleLayout.Parts.Select(p => p.Path).Append(BundleLayout.Manifest).ToHashSet(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;
                if (!allowed.Contains(entry.FullName))
                    throw new InvalidDataException($"The bundle '{zipPath}' holds an unexpected entry '{entry.FullName}'.");
                var target = Path.Combine(directory, entry.FullName);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    entry.ExtractToFile(target);
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"The bundle '{zipPath}' is damaged: its entry '{entry.FullName}' cannot be read ({e.Message}).", e);
                }
            }
        }
    }

    private static AnomalyBundle LoadDirectory(string directory, string? shownAs = null)
    {
        var name = shownAs ?? directory;
        var manifest = ReadManifestFile(directory, name);
        try
        {
            BundleLayout.Verify(directory, manifest);
        }
        catch (InvalidDataException e) when (shownAs is not null)
        {
            throw new InvalidDataException(e.Message.Replace(directory, shownAs, StringComparison.Ordinal), e);
        }
        string At(string part) => Path.Combine(directory, BundleLayout.PathOf(part));
        InvalidDataException Bad(string part, string problem, Exception? inner = null) =>
            new($"The bundle '{name}' is not valid: the part '{part}' ({BundleLayout.PathOf(part)}) {problem}", inner);

        TabularPreprocessor preprocessor;
        try
        {
            preprocessor = TabularPreprocessor.Load(At(BundleLayout.Preprocessor));
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            throw Bad(BundleLayout.Preprocessor, $"cannot be loaded: {e.Message}", e);
        }
        if (!string.Equals(preprocessor.Fingerprint, manifest.FeatureLayout, StringComparison.OrdinalIgnoreCase))
            throw Bad(BundleLayout.Preprocessor, "does not belong to this bundle: its feature layout differs from the one the manifest records.");

        SelfSupervised.DefaultDetector inner;
        try
        {
            inner = ScorerPersistence.Load<SelfSupervised.DefaultDetector>(At(BundleLayout.Detector));
        }
        catch (InvalidDataException e)
        {
            throw Bad(BundleLayout.Detector, $"does not match the model's weights or cannot be loaded: {e.Message}", e);
        }
        FittedDetector? detector = null;
        try
        {
            var m = inner.Reconstruction.Model!;
            try
            {
                preprocessor.EnsureCompatible(m.NumericalColumns, m.Cardinalities);
            }
            catch (PreprocessorMismatchException e)
            {
                throw Bad(BundleLayout.Model, $"does not fit the preprocessor: {e.Message}", e);
            }
            EmbeddingMap map;
            try
            {
                map = EmbeddingMap.FromJson(JsonNode.Parse(File.ReadAllText(At(BundleLayout.Map))) as JsonObject
                    ?? throw new InvalidDataException("it does not hold a JSON object."), m.EmbeddingDim);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException)
            {
                throw Bad(BundleLayout.Map, $"cannot be loaded: {e.Message}", e);
            }
            detector = new FittedDetector(inner);
            return new AnomalyBundle(manifest, preprocessor, detector, map, ownedModel: null);
        }
        catch
        {
            if (detector is null) inner.Dispose();
            throw;
        }
    }

    private static BundleManifest ReadManifestFile(string directory, string name)
    {
        var file = Path.Combine(directory, BundleLayout.Manifest);
        if (!File.Exists(file)) throw new InvalidDataException($"'{name}' is not a model bundle: it has no {BundleLayout.Manifest}.");
        if (new FileInfo(file).Length > MaxManifestBytes) throw new InvalidDataException($"'{name}' is not a model bundle: its {BundleLayout.Manifest} is too large.");
        BundleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BundleManifest>(File.ReadAllText(file), ManifestJson);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The bundle '{name}' is damaged: its {BundleLayout.Manifest} is not valid JSON ({e.Message}).", e);
        }
        if (manifest is null || manifest.Format != BundleManifest.FormatName)
            throw new InvalidDataException($"'{name}' is not a model bundle: its {BundleLayout.Manifest} does not declare the format '{BundleManifest.FormatName}'.");
        if (manifest.FormatVersion != BundleManifest.CurrentVersion)
            throw new InvalidDataException($"The bundle '{name}' has format version {manifest.FormatVersion}; this library (ResNetTab {LibraryVersion}) reads version {BundleManifest.CurrentVersion}. Fit it again with this version.");
        return manifest;
    }
}
