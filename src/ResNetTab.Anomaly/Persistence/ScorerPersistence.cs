using ResNetTab.Core.IO;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResNetTab.Anomaly;

/// <summary>
/// Saves fitted scorers to JSON and loads them back. Doubles are written in round-trip form, so a loaded scorer
/// gives bit-identical scores. Files are written atomically (temporary file in the same folder, then rename) and
/// carry a SHA-256 checksum of their content, so an edited or damaged file is refused with the reason instead of
/// giving other scores.
/// </summary>
public static class ScorerPersistence
{
    /// <summary>Format version written to every file (2: with a content checksum).</summary>
    public const int FormatVersion = 2;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Func<JsonObject, Contamination, AnomalyScorerBase>> Loaders = new(StringComparer.Ordinal);

    /// <summary>
    /// Teaches <see cref="Load(string)"/> and <see cref="FromJson"/> a scorer kind defined in another assembly (for example
    /// the reconstruction scorer of ResNetTab.SelfSupervised, which registers itself when it is first used).
    /// </summary>
    /// <param name="kind">The kind written to saved files.</param>
    /// <param name="loader">Rebuilds the scorer from the saved "model" object and the contamination; the shared fitted state is restored afterwards.</param>
    /// <exception cref="ArgumentException">The kind is one of this assembly's.</exception>
    public static void RegisterKind(string kind, Func<JsonObject, Contamination, AnomalyScorerBase> loader)
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
        var json = ToJson(scorer).ToJsonString(new JsonSerializerOptions { WriteIndented = false });
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
            return FromJson(root as JsonObject ?? throw new InvalidDataException("it does not hold a JSON object."));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' cannot be loaded as a scorer: {e.Message}", e);
        }
    }

    /// <summary>Reads a scorer of a known type.</summary>
    /// <typeparam name="T">Expected scorer type.</typeparam>
    /// <param name="path">File to read.</param>
    public static T Load<T>(string path) where T : IAnomalyScorer =>
        Load(path) is T t ? t : throw new InvalidDataException($"'{path}' does not hold a {typeof(T).Name}.");

    /// <summary>The JSON document that <see cref="Save"/> writes.</summary>
    /// <param name="scorer">A fitted scorer from this library.</param>
    public static JsonObject ToJson(IAnomalyScorer scorer)
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
            ["model"] = b.SaveModel(),
        };
        document["checksum"] = Checksum(document);
        return document;
    }

    /// <summary>SHA-256 (hex) of the document's compact JSON without its "checksum" field.</summary>
    private static string Checksum(JsonObject document)
    {
        var copy = (JsonObject)document.DeepClone();
        copy.Remove("checksum");
        var bytes = System.Text.Encoding.UTF8.GetBytes(copy.ToJsonString());
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
    }

    /// <summary>Rebuilds a scorer from <see cref="ToJson"/>'s document.</summary>
    /// <param name="root">The document.</param>
    public static IAnomalyScorer FromJson(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!root.TryGetPropertyValue("format", out var f) || f?.GetValue<string>() != "resnettab-anomaly-scorer")
            throw new InvalidDataException("Not a saved ResNetTab anomaly scorer (missing 'format').");
        int version = Json.Get<int>(root, "version");
        if (version != FormatVersion)
            throw new InvalidDataException($"Unsupported saved scorer version {version} (this library reads version {FormatVersion}; fit and save the scorer again).");
        if (!root.TryGetPropertyValue("checksum", out var stored) || stored is null)
            throw new InvalidDataException("Saved scorer has no checksum: the file was edited or damaged.");
        if (stored.GetValueKind() != JsonValueKind.String || stored.GetValue<string>() != Checksum(root))
            throw new InvalidDataException("Saved scorer content does not match its checksum: the file was edited or damaged.");
        var contamination = Contamination.Parse(Json.Get<string>(root, "contamination"));
        var model = Json.Get<JsonObject>(root, "model");
        string kind = Json.Get<string>(root, "kind");
        AnomalyScorerBase scorer = kind switch
        {
            "IsolationForest" => IsolationForest.LoadModel(model, contamination),
            "LocalOutlierFactor" => LocalOutlierFactor.LoadModel(model, contamination),
            "KNearestNeighborsScorer" => KNearestNeighborsScorer.LoadModel(model, contamination),
            "MahalanobisScorer" => MahalanobisScorer.LoadModel(model, contamination),
            "ScoreEnsemble" => ScoreEnsemble.LoadModel(model, contamination),
            "EcodScorer" => EcodScorer.LoadModel(model, contamination),
            "CopodScorer" => CopodScorer.LoadModel(model, contamination),
            _ when Loaders.TryGetValue(kind, out var loader) => loader(model, contamination),
            _ => throw new InvalidDataException(
                $"Unknown saved scorer kind '{kind}' (scorers of other assemblies must be registered first, e.g. by calling their own Load)."),
        };
        scorer.RestoreFitted(Json.Get<int>(root, "featureCount"), Json.Get<double>(root, "offset"),
            Json.Get<double[]>(root, "trainingScores"));
        return scorer;
    }
}
