using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ResNetTab.Anomaly;

/// <summary>
/// The files saved beside a scorer's JSON file, for state that does not belong in JSON (tensors as safetensors). A
/// scorer writes one with <see cref="Write"/> and keeps the returned reference (file name and SHA-256) in its saved
/// model; the scorer file's checksum covers the reference, so a replaced or damaged side file is refused by
/// <see cref="Resolve"/>.
/// </summary>
public sealed class ScorerFiles
{
    private readonly string? folder;
    private readonly string? baseName;
    private readonly string prefix;

    private ScorerFiles(string? folder, string? baseName, string prefix)
    {
        this.folder = folder;
        this.baseName = baseName;
        this.prefix = prefix;
    }

    /// <summary>The scorer file these files belong to; null for a document built in memory.</summary>
    public string? ScorerPath => folder is null ? null : Path.Combine(folder, baseName!);

    internal static ScorerFiles Beside(string scorerPath)
    {
        var full = Path.GetFullPath(scorerPath);
        return new ScorerFiles(Path.GetDirectoryName(full)!, Path.GetFileName(full), "");
    }

    internal static ScorerFiles None { get; } = new(null, null, "");

    /// <summary>A view whose names are prefixed (the members of an ensemble each get their own).</summary>
    internal ScorerFiles Prefixed(string more) => new(folder, baseName, prefix + more);

    /// <summary>
    /// Writes a side file named <c>{scorer file}.{name}</c> through <paramref name="write"/> (which receives the path
    /// and should write atomically, as <c>SelfSupervisedModel.Save</c> does) and returns its reference for the saved model.
    /// </summary>
    /// <param name="name">A short name unique within the scorer, e.g. <c>model.safetensors</c> (letters, digits, '.', '-', '_').</param>
    /// <param name="write">Writes the file at the given path.</param>
    /// <returns>The reference: <c>{ "file": name, "sha256": hex }</c>.</returns>
    /// <exception cref="NotSupportedException">The scorer is turned into JSON in memory (<see cref="ScorerPersistence.ToJson(IAnomalyScorer)"/>); save it to a file instead.</exception>
    public JsonObject Write(string name, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(write);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            throw new ArgumentException($"Side file name '{name}' may hold only letters, digits, '.', '-' and '_'.", nameof(name));
        if (folder is null)
            throw new NotSupportedException("This scorer keeps part of its state in a side file; save it with ScorerPersistence.Save(scorer, path).");
        var file = $"{baseName}.{prefix}{name}";
        var path = Path.Combine(folder, file);
        write(path);
        return new JsonObject { ["file"] = file, ["sha256"] = Sha256(path) };
    }

    /// <summary>
    /// The path of a side file named by a reference of <see cref="Write"/>, after checking that it lies beside the
    /// scorer file and that its content has the recorded SHA-256.
    /// </summary>
    /// <param name="reference">The reference.</param>
    /// <param name="field">The saved model's field holding the reference (named in errors).</param>
    /// <returns>The verified path.</returns>
    /// <exception cref="InvalidDataException">The reference is malformed, the file is missing, or its content changed.</exception>
    public string Resolve(JsonNode? reference, string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (reference is not JsonObject o) throw new InvalidDataException($"Saved scorer field '{field}' is not a side-file reference.");
        var file = Json.Get<string>(o, "file");
        var expected = Json.Get<string>(o, "sha256");
        if (file.Length == 0 || file is "." or ".." || file.IndexOfAny(['/', '\\', ':']) >= 0 || file.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new InvalidDataException($"Saved scorer field '{field}' names the side file '{file}', which is not a plain file name beside the scorer file.");
        if (folder is null) throw new InvalidDataException($"Saved scorer field '{field}' refers to the side file '{file}'; load the scorer from its file.");
        var path = Path.Combine(folder, file);
        if (!File.Exists(path)) throw new InvalidDataException($"Saved scorer field '{field}': the side file '{path}' does not exist.");
        if (!string.Equals(Sha256(path), expected, StringComparison.Ordinal))
            throw new InvalidDataException($"Saved scorer field '{field}': the content of '{path}' does not match its checksum; the file was replaced, edited or damaged.");
        return path;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
