using ResNetTab.Core.IO;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResNetTab.Anomaly;

/// <summary>
/// The one way to save and load every scorer, the library's and those written by users: <see cref="Save"/> and
/// <see cref="Load(string)"/>. Doubles are written in round-trip form, so a loaded scorer gives bit-identical scores.
/// Files are written atomically (temporary file in the same folder, then rename) and carry a SHA-256 checksum of their
/// content, so an edited or damaged file is refused with the reason instead of giving other scores. Tensors (the
/// reconstruction scorer's model) are saved as safetensors files beside the JSON, named <c>{file}.{name}</c> and
/// referenced with their own SHA-256 (<see cref="ScorerFiles"/>); copy them with it.
/// </summary>
/// <example>A scorer written outside the library persists with the others once its kind is registered:
/// <code>
/// ScorerPersistence.RegisterKind("MyScorer", (model, contamination, files) => MyScorer.FromSaved(model, contamination));
/// ScorerPersistence.Save(myScorer, "my.json");
/// var loaded = ScorerPersistence.Load&lt;MyScorer&gt;("my.json");
/// </code></example>
public static class ScorerPersistence
{
    /// <summary>Format version written to every file (2: with a content checksum).</summary>
    public const int FormatVersion = 2;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Func<JsonObject, Contamination, ScorerFiles, AnomalyScorerBase>> Loaders = new(StringComparer.Ordinal);

    /// <summary>
    /// Teaches <see cref="Load(string)"/> a scorer kind defined in another assembly: the reconstruction scorer of
    /// ResNetTab.SelfSupervised registers itself when its assembly is loaded, a user-written scorer registers its own.
    /// Registering a kind again replaces its loader.
    /// </summary>
    /// <param name="kind">The <see cref="AnomalyScorerBase.Kind"/> written to saved files.</param>
    /// <param name="loader">
    /// Rebuilds an unfitted scorer from the object its <see cref="AnomalyScorerBase.SaveModel"/> returned, the
    /// contamination and its side files; the library restores the shared fitted state (feature count, offset, training
    /// scores) afterwards. It should throw <see cref="InvalidDataException"/> naming the field for a malformed object.
    /// </param>
    /// <exception cref="ArgumentException">The kind is one of this assembly's.</exception>
    public static void RegisterKind(string kind, Func<JsonObject, Contamination, ScorerFiles, AnomalyScorerBase> loader)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(loader);
        if (kind is "IsolationForest" or "LocalOutlierFactor" or "KNearestNeighborsScorer" or "MahalanobisScorer" or "ScoreEnsemble" or "EcodScorer" or "CopodScorer")
            throw new ArgumentException($"'{kind}' is a built-in scorer kind.", nameof(kind));
        Loaders[kind] = loader;
    }

    /// <summary>Writes a fitted scorer to <paramref name="path"/>, replacing any existing file atomically.</summary>
    /// <param name="scorer">A fitted scorer from this library.</param>
    /// <param name="path">Destination file.</param>
    /// <exception cref="InvalidOperationException">The scorer is not fitted.</exception>
    public static void Save(IAnomalyScorer scorer, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var json = ToJson(scorer, ScorerFiles.Beside(path)).ToJsonString(new JsonSerializerOptions { WriteIndented = false });
        AtomicFile.WriteAllText(path, json);
    }

    /// <summary>Reads a scorer written by <see cref="Save"/>.</summary>
    /// <param name="path">File to read.</param>
    /// <exception cref="InvalidDataException">The file is not a saved scorer or is of an unknown kind or version.</exception>
    public static IAnomalyScorer Load(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON: {e.Message}", e);
        }
        try
        {
            return FromJson(root as JsonObject ?? throw new InvalidDataException("it does not hold a JSON object."), ScorerFiles.Beside(path));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' cannot be loaded as a scorer: {e.Message}", e);
        }
    }

    /// <summary>Reads a scorer of a known type.</summary>
    /// <typeparam name="T">Expected scorer type.</typeparam>
    /// <param name="path">File to read.</param>
    /// <returns>The scorer.</returns>
    /// <exception cref="InvalidDataException">The file is not a saved scorer of that type.</exception>
    public static T Load<T>(string path) where T : IAnomalyScorer
    {
        // A scorer assembly registers its kinds in its module initializer: make sure it has run.
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(typeof(T).Module.ModuleHandle);
        var scorer = Load(path);
        if (scorer is T t) return t;
        (scorer as IDisposable)?.Dispose();
        throw new InvalidDataException($"'{path}' holds a {scorer.GetType().Name}, not a {typeof(T).Name}.");
    }

    /// <summary>
    /// The JSON document that <see cref="Save"/> writes, for a scorer whose state is all JSON (a scorer with side files,
    /// such as the reconstruction scorer, is saved with <see cref="Save"/> only).
    /// </summary>
    /// <param name="scorer">A fitted scorer.</param>
    /// <returns>The document.</returns>
    /// <exception cref="NotSupportedException">The scorer keeps part of its state in side files.</exception>
    public static JsonObject ToJson(IAnomalyScorer scorer) => ToJson(scorer, ScorerFiles.None);

    internal static JsonObject ToJson(IAnomalyScorer scorer, ScorerFiles files)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (scorer is not AnomalyScorerBase b)
            throw new ArgumentException($"{scorer.GetType().Name} does not support persistence.", nameof(scorer));
        if (!b.IsFitted) throw new InvalidOperationException($"This {scorer.GetType().Name} is not fitted yet; nothing to save.");
        var document = new JsonObject
        {
            ["format"] = "resnettab-anomaly-scorer",
            ["version"] = FormatVersion,
            ["kind"] = b.Kind,
            ["featureCount"] = b.FeatureCount,
            ["contamination"] = b.Contamination.ToString(),
            ["offset"] = b.Offset,
            ["trainingScores"] = JsonSerializer.SerializeToNode(b.TrainingScores.ToArray()),
            ["model"] = b.SaveModel(files),
        };
        document["checksum"] = Checksum(document);
        return document;
    }

    /// <summary>SHA-256 (hex) of the document's compact JSON without its "checksum" field.</summary>
    internal static string Checksum(JsonObject document)
    {
        var copy = (JsonObject)document.DeepClone();
        copy.Remove("checksum");
        var bytes = System.Text.Encoding.UTF8.GetBytes(copy.ToJsonString());
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
    }

    /// <summary>Rebuilds a scorer from <see cref="ToJson(IAnomalyScorer)"/>'s document.</summary>
    /// <param name="root">The document.</param>
    /// <returns>The scorer.</returns>
    /// <exception cref="InvalidDataException">The document is not a saved scorer, or is damaged or edited.</exception>
    public static IAnomalyScorer FromJson(JsonObject root) => FromJson(root, ScorerFiles.None);

    internal static IAnomalyScorer FromJson(JsonObject root, ScorerFiles files)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!root.TryGetPropertyValue("format", out var f) || f is not JsonValue fv || fv.GetValueKind() != JsonValueKind.String || fv.GetValue<string>() != "resnettab-anomaly-scorer")
            throw new InvalidDataException("Not a saved ResNetTab anomaly scorer (missing 'format').");
        int version = Json.Get<int>(root, "version");
        if (version != FormatVersion)
            throw new InvalidDataException($"Unsupported saved scorer version {version} (this library reads version {FormatVersion}; fit and save the scorer again).");
        if (!root.TryGetPropertyValue("checksum", out var stored) || stored is null)
            throw new InvalidDataException("Saved scorer has no checksum: the file was edited or damaged.");
        if (stored.GetValueKind() != JsonValueKind.String || stored.GetValue<string>() != Checksum(root))
            throw new InvalidDataException("Saved scorer content does not match its checksum: the file was edited or damaged.");
        // The content is what was saved; its values are still checked before they size anything.
        var featureCount = Json.Get<int>(root, "featureCount");
        if (featureCount is < 1 or > MaxFeatures) throw new InvalidDataException($"Saved scorer field 'featureCount' is {featureCount}; it must lie in [1, {MaxFeatures}].");
        var offset = Json.Get<double>(root, "offset");
        if (!double.IsFinite(offset)) throw new InvalidDataException("Saved scorer field 'offset' is not finite.");
        var trainingScores = Json.Get<double[]>(root, "trainingScores");
        if (trainingScores.Length == 0) throw new InvalidDataException("Saved scorer field 'trainingScores' is empty; a fitted scorer has scored its training rows.");
        if (trainingScores.Any(double.IsNaN)) throw new InvalidDataException("Saved scorer field 'trainingScores' holds NaN.");
        AnomalyScorerBase? scorer = null;
        try
        {
            var contamination = Contamination.Parse(Json.Get<string>(root, "contamination"));
            var model = Json.Get<JsonObject>(root, "model");
            string kind = Json.Get<string>(root, "kind");
            scorer = kind switch
            {
                "IsolationForest" => IsolationForest.LoadModel(model, contamination),
                "LocalOutlierFactor" => LocalOutlierFactor.LoadModel(model, contamination),
                "KNearestNeighborsScorer" => KNearestNeighborsScorer.LoadModel(model, contamination),
                "MahalanobisScorer" => MahalanobisScorer.LoadModel(model, contamination),
                "EcodScorer" => EcodScorer.LoadModel(model, contamination),
                "CopodScorer" => CopodScorer.LoadModel(model, contamination),
                "ScoreEnsemble" => ScoreEnsemble.LoadModel(model, contamination, files),
                _ when Loaders.TryGetValue(kind, out var loader) => loader(model, contamination, files),
                _ => throw new InvalidDataException(
                    $"Unknown saved scorer kind '{kind}' (a scorer of another assembly must be registered with ScorerPersistence.RegisterKind, or loaded with ScorerPersistence.Load<T>)."),
            };
            scorer.RestoreFitted(featureCount, offset, trainingScores);
            return scorer;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or OverflowException
            or IndexOutOfRangeException or KeyNotFoundException or NullReferenceException)
        {
            (scorer as IDisposable)?.Dispose();
            throw new InvalidDataException($"Saved scorer is malformed: {e.Message}", e);
        }
        catch
        {
            (scorer as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>The most columns a saved scorer may declare (a bound on what a file can make the loader allocate).</summary>
    internal const int MaxFeatures = 1 << 20;
}
