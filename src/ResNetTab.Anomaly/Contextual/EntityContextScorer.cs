using ResNetTab.Core.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Anomaly.Neighbors;

namespace ResNetTab.Anomaly;

/// <summary>
/// Per-entity contextual scorer: a row is scored by its distance to its own entity's training rows (for example
/// the same user or host), so behaviour that is normal globally but unusual for that entity stands out.
/// Entities that are new or rare (fewer than <see cref="EntityContextOptions.MinEntitySamples"/> training rows)
/// fall back to the global model. Scores are distances: higher = more anomalous; <see cref="ScoreSamples"/> is
/// their negation and the thresholding follows <see cref="IAnomalyScorer"/>.
/// </summary>
public sealed class EntityContextScorer
{
    private const string Global = "\u0000global";
    private const string EntityKind = "entity";
    private EmbeddingStore? _history;
    private Dictionary<string, EntityModel> _models = new(StringComparer.Ordinal);
    private EntityModel? _global;
    private FeatureMatrix? _train;
    private Dictionary<string, int[]> _entityRows = new(StringComparer.Ordinal);
    private double[] _trainingScores = [];

    /// <summary>Creates an unfitted scorer.</summary>
    /// <param name="options">Parameters; null uses the defaults.</param>
    public EntityContextScorer(EntityContextOptions? options = null)
    {
        Options = options ?? new EntityContextOptions();
        if (Options.NNeighbors < 1) throw new ArgumentOutOfRangeException(nameof(options), "NNeighbors must be at least 1.");
        if (Options.MinEntitySamples < 1) throw new ArgumentOutOfRangeException(nameof(options), "MinEntitySamples must be at least 1.");
        if (Options.Mode == EntityContextMode.Neighbors && Options.MinEntitySamples <= Options.NNeighbors)
            throw new ArgumentOutOfRangeException(nameof(options), "MinEntitySamples must exceed NNeighbors in Neighbors mode.");
    }

    /// <summary>The parameters.</summary>
    public EntityContextOptions Options { get; }

    /// <summary>True once fitted or loaded.</summary>
    public bool IsFitted => _global is not null;

    /// <summary>Features seen in fit.</summary>
    public int FeatureCount => _train?.Columns ?? 0;

    /// <summary>scikit-learn-style offset: <c>DecisionFunction = ScoreSamples − Offset</c>.</summary>
    public double Offset { get; private set; }

    /// <summary>Threshold on the <see cref="Score"/> scale (−<see cref="Offset"/>); rows above it are anomalies.</summary>
    public double Threshold => -Offset;

    /// <summary>Scores of the training rows (higher = more anomalous).</summary>
    public IReadOnlyList<double> TrainingScores => _trainingScores;

    /// <summary>
    /// The training rows as an <see cref="EmbeddingStore"/> (Neighbors mode; null in Centroid mode), each keyed by
    /// its entity under the kind "entity" when that entity has a model of its own: an entity's context is
    /// <c>History.NearestWithin(row, k, "entity", key)</c>, a query over that entity's rows only.
    /// </summary>
    public EmbeddingStore? History => _history;

    /// <summary>Entities that have a model of their own.</summary>
    public IReadOnlyCollection<string> Entities => _models.Keys;

    /// <summary>True when <paramref name="entity"/> is scored against its own training rows rather than globally.</summary>
    /// <param name="entity">Entity key.</param>
    public bool HasOwnModel(string? entity) => entity is not null && _models.ContainsKey(entity);

    /// <summary>Fits one model per sufficiently frequent entity plus the global fallback.</summary>
    /// <param name="x">Training rows.</param>
    /// <param name="entities">Entity of each row (null = unknown).</param>
    public void Fit(FeatureMatrix x, IReadOnlyList<string?> entities)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckEntities(x, entities);
        int min = Options.Mode == EntityContextMode.Neighbors ? Options.NNeighbors + 1 : 1;
        if (x.Rows < Math.Max(2, min))
            throw new ArgumentException($"EntityContextScorer needs at least {Math.Max(2, min)} training samples, got {x.Rows}.", nameof(x));
        var rows = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < entities.Count; i++)
        {
            if (entities[i] is not string e) continue;
            if (!rows.TryGetValue(e, out var list)) rows[e] = list = [];
            list.Add(i);
        }
        _train = x;
        _entityRows = rows.Where(kv => kv.Value.Count >= Options.MinEntitySamples)
            .ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        BuildModels();

        // Training rows: own-entity model where available; neighbours never include the row itself.
        var scores = new double[x.Rows];
        foreach (var (key, idx) in Group(entities))
        {
            var model = key == Global ? _global! : _models[key];
            var sub = x.SelectRows(idx);
            var s = model.Score(sub, Options, selfRows: idx);
            for (int i = 0; i < idx.Length; i++) scores[idx[i]] = s[i];
        }
        _trainingScores = scores;
        double fraction = Options.Contamination.IsAuto ? Contamination.DefaultFraction : Options.Contamination.Fraction;
        Offset = Percentile.Of(scores.Select(v => -v).ToArray(), 100.0 * fraction);
    }

    /// <summary>Distances to each row's entity context (higher = more anomalous).</summary>
    /// <param name="x">Rows to score.</param>
    /// <param name="entities">Entity of each row (null or unseen = global model).</param>
    public double[] Score(FeatureMatrix x, IReadOnlyList<string?> entities)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!IsFitted) throw new InvalidOperationException("This EntityContextScorer is not fitted yet; call Fit first.");
        if (x.Columns != FeatureCount)
            throw new ArgumentException($"X has {x.Columns} features, but EntityContextScorer was fitted with {FeatureCount} features.", nameof(x));
        CheckEntities(x, entities);
        var scores = new double[x.Rows];
        foreach (var (key, idx) in Group(entities))
        {
            var model = key == Global ? _global! : _models[key];
            var s = model.Score(x.SelectRows(idx), Options, selfRows: null);
            for (int i = 0; i < idx.Length; i++) scores[idx[i]] = s[i];
        }
        return scores;
    }

    /// <summary>Negated <see cref="Score"/> (scikit-learn's sign).</summary>
    /// <param name="x">Rows to score.</param>
    /// <param name="entities">Entity of each row.</param>
    public double[] ScoreSamples(FeatureMatrix x, IReadOnlyList<string?> entities) => Score(x, entities).Select(v => -v).ToArray();

    /// <summary><c>ScoreSamples − Offset</c>; negative = anomaly.</summary>
    /// <param name="x">Rows to score.</param>
    /// <param name="entities">Entity of each row.</param>
    public double[] DecisionFunction(FeatureMatrix x, IReadOnlyList<string?> entities) =>
        Score(x, entities).Select(v => -v - Offset).ToArray();

    /// <summary>1 = anomaly (<c>Score &gt; Threshold</c>), 0 = normal.</summary>
    /// <param name="x">Rows to score.</param>
    /// <param name="entities">Entity of each row.</param>
    public int[] Predict(FeatureMatrix x, IReadOnlyList<string?> entities) =>
        Score(x, entities).Select(v => v > Threshold ? 1 : 0).ToArray();

    /// <summary>Saves the fitted scorer as JSON, atomically.</summary>
    /// <param name="path">Destination file.</param>
    public void Save(string path)
    {
        if (!IsFitted) throw new InvalidOperationException("This EntityContextScorer is not fitted yet; nothing to save.");
        var rows = new JsonObject();
        foreach (var (k, v) in _entityRows) rows[k] = JsonSerializer.SerializeToNode(v);
        var root = new JsonObject
        {
            ["format"] = "resnettab-entity-context-scorer",
            ["version"] = ScorerPersistence.FormatVersion,
            ["mode"] = Options.Mode.ToString(),
            ["nNeighbors"] = Options.NNeighbors,
            ["minEntitySamples"] = Options.MinEntitySamples,
            ["contamination"] = Options.Contamination.ToString(),
            ["nJobs"] = Options.NJobs,
            ["offset"] = Offset,
            ["columns"] = _train!.Columns,
            ["data"] = JsonSerializer.SerializeToNode(_train.Buffer),
            ["entityRows"] = rows,
            ["trainingScores"] = JsonSerializer.SerializeToNode(_trainingScores),
        };
        root["checksum"] = ScorerPersistence.Checksum(root);
        AtomicFile.WriteAllText(path, root.ToJsonString());
    }

    /// <summary>Loads a scorer written by <see cref="Save"/>.</summary>
    /// <param name="path">File to read.</param>
    /// <exception cref="InvalidDataException">The file is not a saved entity context scorer, or is damaged or edited; the message names the file and the field.</exception>
    public static EntityContextScorer Load(string path)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidDataException("it does not hold a JSON object.");
            if (!root.TryGetPropertyValue("format", out var format) || format is not JsonValue fv
                || fv.GetValueKind() != JsonValueKind.String || fv.GetValue<string>() != "resnettab-entity-context-scorer")
                throw new InvalidDataException("it is not a saved EntityContextScorer (missing 'format').");
            int version = Json.Get<int>(root, "version");
            if (version != ScorerPersistence.FormatVersion)
                throw new InvalidDataException($"unsupported version {version} (this library reads version {ScorerPersistence.FormatVersion}).");
            if (!root.TryGetPropertyValue("checksum", out var stored) || stored is not JsonValue sv || sv.GetValueKind() != JsonValueKind.String
                || sv.GetValue<string>() != ScorerPersistence.Checksum(root))
                throw new InvalidDataException("its content does not match its checksum: the file was edited or damaged.");
            return FromDocument(root);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or FormatException or ArgumentException or InvalidOperationException
            or OverflowException or KeyNotFoundException or NullReferenceException)
        {
            throw new InvalidDataException($"'{path}' cannot be loaded as an entity context scorer: {e.Message}", e);
        }
    }

    /// <summary>Rebuilds a scorer from a checksummed document, checking every size and index against the training rows.</summary>
    private static EntityContextScorer FromDocument(JsonObject root)
    {
        var train = Json.GetMatrix(root);
        var s = new EntityContextScorer(new EntityContextOptions
        {
            Mode = Json.GetEnum<EntityContextMode>(root, "mode"),
            NNeighbors = Json.GetInt(root, "nNeighbors", 1, train.Rows),
            MinEntitySamples = Json.GetInt(root, "minEntitySamples", 1, int.MaxValue),
            Contamination = Contamination.Parse(Json.Get<string>(root, "contamination")),
            NJobs = Json.GetInt(root, "nJobs", -Environment.ProcessorCount, 4096),
        });
        s._train = train;
        s._entityRows = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var (entity, node) in Json.Get<JsonObject>(root, "entityRows"))
        {
            var rows = node?.Deserialize<int[]>() ?? throw new InvalidDataException($"entity '{entity}' has no rows.");
            if (rows.Length < s.Options.MinEntitySamples || rows.Any(r => r < 0 || r >= train.Rows))
                throw new InvalidDataException($"entity '{entity}' lists {rows.Length} rows, fewer than 'minEntitySamples' or outside the {train.Rows} training rows.");
            s._entityRows[entity] = rows;
        }
        s.Offset = Json.Get<double>(root, "offset");
        if (!double.IsFinite(s.Offset)) throw new InvalidDataException("field 'offset' is not finite.");
        s._trainingScores = Json.GetFinite(root, "trainingScores", train.Rows);
        s.BuildModels();
        return s;
    }

    private void BuildModels()
    {
        var x = _train!;
        _history?.Dispose();
        _history = Options.Mode == EntityContextMode.Neighbors ? BuildHistory(x) : null;
        _models = _entityRows.ToDictionary(kv => kv.Key, kv => new EntityModel(x.SelectRows(kv.Value), Options, _history, kv.Key), StringComparer.Ordinal);
        _global = new EntityModel(x, Options, null, null);
    }

    /// <summary>The training rows as an embedding store, keyed by the entities that have a model of their own.</summary>
    private EmbeddingStore BuildHistory(FeatureMatrix x)
    {
        var keys = new IReadOnlyDictionary<string, string>?[x.Rows];
        foreach (var (entity, rows) in _entityRows)
        {
            var key = new Dictionary<string, string>(1, StringComparer.Ordinal) { [EntityKind] = entity };
            foreach (int r in rows) keys[r] = key;
        }
        var store = new EmbeddingStore(x.Columns);
        store.AppendRange(x, Enumerable.Range(0, x.Rows).Select(i => new EventLocation("training", i)).ToArray(), keys,
            Enumerable.Repeat(DateTimeOffset.UnixEpoch, x.Rows).ToArray());
        return store;
    }

    private IEnumerable<(string Key, int[] Rows)> Group(IReadOnlyList<string?> entities)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < entities.Count; i++)
        {
            string key = entities[i] is string e && _models.ContainsKey(e) ? e : Global;
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            list.Add(i);
        }
        return groups.Select(kv => (kv.Key, kv.Value.ToArray()));
    }

    private static void CheckEntities(FeatureMatrix x, IReadOnlyList<string?> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        if (entities.Count != x.Rows)
            throw new ArgumentException($"{entities.Count} entity keys for {x.Rows} rows.", nameof(entities));
    }

    /// <summary>One entity's (or the global) context.</summary>
    private sealed class EntityModel
    {
        private readonly double[] _centroid;
        private readonly INeighborSearch? _search;
        private readonly EmbeddingStore? _history;
        private readonly string? _key;
        private readonly int _k;

        /// <summary>
        /// The context of <paramref name="key"/> (null: the global one). In Neighbors mode an entity's neighbours are
        /// queries to <paramref name="history"/> restricted to that entity; the global context has its own search.
        /// </summary>
        public EntityModel(FeatureMatrix rows, EntityContextOptions o, EmbeddingStore? history, string? key)
        {
            int d = rows.Columns;
            _centroid = new double[d];
            for (int i = 0; i < rows.Rows; i++)
                for (int j = 0; j < d; j++) _centroid[j] += rows[i, j];
            for (int j = 0; j < d; j++) _centroid[j] /= rows.Rows;
            if (o.Mode != EntityContextMode.Neighbors) return;
            _k = Math.Min(o.NNeighbors, rows.Rows - 1);
            if (key is null)
            {
                _search = (o.NeighborSearch ?? NeighborSearchFactory.Exact(o.NJobs))();
                _search.Fit(rows);
            }
            else
            {
                _history = history;
                _key = key;
            }
        }

        /// <summary>Scores rows; <paramref name="selfRows"/> gives each row's index in the training set (fit only).</summary>
        public double[] Score(FeatureMatrix x, EntityContextOptions o, int[]? selfRows)
        {
            var result = new double[x.Rows];
            if (_search is null && _history is null)
            {
                for (int i = 0; i < x.Rows; i++)
                {
                    double s = 0;
                    for (int j = 0; j < x.Columns; j++) { double diff = x[i, j] - _centroid[j]; s += diff * diff; }
                    result[i] = Math.Sqrt(s);
                }
                return result;
            }
            if (_history is not null)
            {
                // The entity's own history is a query over its events only; a training row never counts itself.
                Parallel.For(0, x.Rows, Parallelism.Options(o.NJobs), i =>
                {
                    var nn = _history.NearestWithin(x.Row(i), _k, EntityKind, _key!, excludeId: selfRows?[i] ?? -1);
                    double sum = 0;
                    foreach (var n in nn) sum += n.Distance;
                    result[i] = sum / nn.Length;
                });
                return result;
            }
            // In fit, query k + 1 and drop the row itself, so a training row is never its own neighbour.
            int k = selfRows is null ? Math.Min(_k, _search!.SampleCount) : _k;
            var found = _search!.Query(x, selfRows is null ? k : Math.Min(k + 1, _search.SampleCount), false);
            for (int i = 0; i < x.Rows; i++)
            {
                double sum = 0;
                int used = 0;
                for (int j = 0; j < found.K && used < k; j++)
                {
                    if (selfRows is not null && found.Index(i, j) == selfRows[i]) continue;
                    sum += found.Distance(i, j);
                    used++;
                }
                result[i] = sum / used;
            }
            return result;
        }
    }
}
