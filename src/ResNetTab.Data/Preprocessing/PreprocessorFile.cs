using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ResNetTab.Core.IO;

namespace ResNetTab.Data;

/// <summary>
/// Reads and writes the saved form of a preprocessor. Writes are atomic (<see cref="AtomicFile"/>); every file
/// carries a SHA-256 <c>checksum</c> of its whole content, so an edited or damaged file is refused on load
/// instead of giving other features; the content is then checked for what the encoders need.
/// </summary>
internal static class PreprocessorFile
{
    /// <summary>Writes <paramref name="doc"/> (its checksum filled in) to <paramref name="path"/> atomically.</summary>
    public static void Save(PreprocessorDocument doc, string path)
    {
        doc.Checksum = Checksum(doc);
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, doc, PreprocessorDocument.JsonOptions));
    }

    /// <summary>
    /// SHA-256 (hex) of the document as this library serializes it, without its <c>checksum</c> member: covers every
    /// value (options, plan, encoder parameters, names), not the formatting.
    /// </summary>
    public static string Checksum(PreprocessorDocument doc)
    {
        var stored = doc.Checksum;
        doc.Checksum = null;
        try
        {
            return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(doc, PreprocessorDocument.JsonOptions)));
        }
        finally
        {
            doc.Checksum = stored;
        }
    }

    /// <summary>Reads, checks and returns the document of a saved preprocessor.</summary>
    /// <exception cref="InvalidDataException">Not a preprocessor, another format version, invalid, damaged or edited.</exception>
    public static PreprocessorDocument Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Preprocessor file not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        PreprocessorDocument? doc;
        try
        {
            CheckHeader(path, bytes);
            doc = JsonSerializer.Deserialize<PreprocessorDocument>(bytes, PreprocessorDocument.JsonOptions);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException
                                       or FormatException or OverflowException or DecoderFallbackException)
        {
            // JsonException names the member (its Path, e.g. $.encoders[3].hashBuckets) and the position.
            throw new InvalidDataException($"{path} is not a valid preprocessor file: {ex.Message}", ex);
        }
        if (doc == null) throw new InvalidDataException($"{path} is empty.");
        string? problem;
        try
        {
            problem = PreprocessorValidation.FindProblem(doc);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            problem = ex.Message;
        }
        if (problem != null) throw new InvalidDataException($"{path} is damaged or was edited: {problem}.");
        if (string.IsNullOrEmpty(doc.Checksum))
            throw new InvalidDataException($"{path} has no checksum: it was not written by PreprocessorFile.Save, or the checksum was removed.");
        var actual = Checksum(doc);
        if (!string.Equals(actual, doc.Checksum, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException(
                $"{path} is damaged or was edited: its content has checksum {actual[..12]}… but the file records {Shorten(doc.Checksum)}. " +
                "Save the preprocessor again from the fitted one (or refit); do not edit the file by hand.");
        return doc;
    }

    private static void CheckHeader(string path, byte[] bytes)
    {
        using var probe = JsonDocument.Parse(bytes);
        var root = probe.RootElement;
        var format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        if (format != PreprocessorDocument.FormatName)
            throw new InvalidDataException(
                $"{path} is not a ResNetTab preprocessor file: expected \"format\": \"{PreprocessorDocument.FormatName}\", found {(format == null ? "none" : $"\"{format}\"")}.");
        var version = root.TryGetProperty("formatVersion", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var vi) ? vi : -1;
        if (version != PreprocessorDocument.CurrentVersion)
            throw new InvalidDataException(
                $"{path} has preprocessor format version {version}; this library reads version {PreprocessorDocument.CurrentVersion}. " +
                "Refit the preprocessor with this library version, or use the library version that wrote it.");
    }

    internal static string Shorten(string s) => s.Length > 12 ? s[..12] + "…" : s;
}
