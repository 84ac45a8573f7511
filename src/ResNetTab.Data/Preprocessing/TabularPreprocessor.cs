using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ResNetTab.Data.Encoders;
using ResNetTab.Data.Features;
using ResNetTab.Data.Flattening;
using ResNetTab.Data.Readers;

namespace ResNetTab.Data.Preprocessing;

/// <summary>
/// Fits a feature plan and encoders on sample records, then turns records into <see cref="FeatureBatch"/>es.
/// After <see cref="Fit"/> (or <see cref="Load"/>) the preprocessor is immutable apart from its drift
/// counters, so <see cref="Transform"/> is thread-safe and deterministic: the same rows always give the same
/// arrays. Save it beside the model with <see cref="Save"/>; check it matches the model with
/// <see cref="EnsureCompatible(string)"/>.
/// </summary>
public sealed class TabularPreprocessor
{
    private readonly object _driftLock = new();
    private readonly Dictionary<string, long> _newFields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _unseen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _wrongTypes = new(StringComparer.Ordinal);
    private long _driftRows;

    private FeaturePlan? _plan;
    private FieldEncoder[] _encoders = [];
    private int[] _numOffsets = [];
    private int[] _catOffsets = [];
    private HashSet<string> _known = new(StringComparer.Ordinal);
    private string[] _numericalNames = [];
    private string[] _categoricalNames = [];
    private int[] _cardinalities = [];

    /// <summary>Creates an unfitted preprocessor.</summary>
    public TabularPreprocessor(FeaturePlanOptions? options = null)
    {
        Options = options ?? new FeaturePlanOptions();
        Flattener = new JsonFlattener(Options.Flatten);
    }

    /// <summary>Fit options.</summary>
    public FeaturePlanOptions Options { get; private set; }

    /// <summary>Flattener using the saved flattening rules (use it to flatten JSON for <see cref="Transform"/>).</summary>
    public JsonFlattener Flattener { get; private set; }

    /// <summary>True after <see cref="Fit"/> or <see cref="Load"/>.</summary>
    public bool IsFitted => _plan != null;

    /// <summary>The inspectable plan: every field seen at fit, kind, missing rate, cardinality, encoding.</summary>
    public FeaturePlan Plan => _plan ?? throw NotFitted();

    /// <summary>Fitted encoders in column order.</summary>
    public IReadOnlyList<FieldEncoder> Encoders => _encoders;

    /// <summary>Numerical column names.</summary>
    public IReadOnlyList<string> NumericalNames => _numericalNames;

    /// <summary>Categorical column names.</summary>
    public IReadOnlyList<string> CategoricalNames => _categoricalNames;

    /// <summary>Categorical cardinalities.</summary>
    public IReadOnlyList<int> Cardinalities => _cardinalities;

    /// <summary>
    /// SHA-256 (hex) of the feature layout: format version, numerical names, categorical names with their
    /// cardinalities. Store it in the model checkpoint and compare with <see cref="EnsureCompatible(string)"/>.
    /// </summary>
    public string Fingerprint { get; private set; } = "";

    /// <summary>Fits on records (one pass; only the capped statistics are held in memory).</summary>
    public TabularPreprocessor Fit(IEnumerable<FlatRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var stats = new DatasetStatistics(Options.MaxTrackedDistinct, Options.MaxNumericSample, Options.Seed);
        foreach (var r in records) stats.Add(r);
        var plan = FeaturePlanner.Plan(stats, Options);

        var encoders = new List<FieldEncoder>();
        var fields = new List<FieldPlan>();
        foreach (var f in plan.Fields)
        {
            if (!f.Selected)
            {
                fields.Add(f);
                continue;
            }
            var e = EncoderFactory.Create(f, stats.Fields[f.Path], stats.Rows, Options);
            encoders.Add(e);
            fields.Add(f with { Encoding = e.Describe() });
        }
        foreach (var key in Options.EntityKeys)
            if (stats.Fields.ContainsKey(key) && stats.Fields.ContainsKey(Options.EntityTimeField))
                encoders.Add(new EntityDeltaEncoder { Field = Options.EntityTimeField, EntityField = key });

        Install(new FeaturePlan(fields, plan.Rows), encoders, stats.Fields.Keys);
        ResetDrift();
        return this;
    }

    /// <summary>Fits, then transforms the same records.</summary>
    public FeatureBatch FitTransform(IReadOnlyList<FlatRecord> records) => Fit(records).Transform(records);

    /// <summary>
    /// Encodes records in order. Absent fields and unseen categories are encoded as missing / unknown;
    /// fields not seen at fit are ignored; all three are counted in <see cref="DriftReport"/>.
    /// </summary>
    /// <param name="records">Flattened records (see <see cref="Flattener"/>).</param>
    /// <param name="clock">Carries last event times per entity across batches; optional.</param>
    public FeatureBatch Transform(IReadOnlyList<FlatRecord> records, EntityClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (_plan == null) throw NotFitted();
        var n = records.Count;
        var numW = _numericalNames.Length;
        var catW = _categoricalNames.Length;
        var num = new float[n * numW];
        var cat = new long[n * catW];
        var tally = new DriftTally();
        var locations = new RecordLocation?[n];

        for (var r = 0; r < n; r++)
        {
            var row = records[r];
            locations[r] = row.Location;
            foreach (var path in row.Fields.Keys)
                if (!_known.Contains(path)) tally.NewField(path);
            for (var i = 0; i < _encoders.Length; i++)
            {
                var e = _encoders[i];
                if (e is EntityDeltaEncoder) continue;
                var numSpan = num.AsSpan(r * numW + _numOffsets[i], _numOffsets[i + 1] - _numOffsets[i]);
                var catSpan = cat.AsSpan(r * catW + _catOffsets[i], _catOffsets[i + 1] - _catOffsets[i]);
                e.Encode(row[e.Field], numSpan, catSpan, tally);
            }
        }

        for (var i = 0; i < _encoders.Length; i++)
        {
            if (_encoders[i] is not EntityDeltaEncoder d) continue;
            // Per-call state keeps Transform free of shared mutable state; the clock is opt-in.
            var last = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var r = 0; r < n; r++)
            {
                var span = num.AsSpan(r * numW + _numOffsets[i], 2);
                if (!d.TryRead(records[r], out var key, out var ms))
                {
                    EntityDeltaEncoder.Write(double.NaN, double.NaN, span);
                    continue;
                }
                if (!last.TryGetValue(key, out var prev)) prev = clock?.LastSeen(d.EntityField, key) ?? double.NaN;
                EntityDeltaEncoder.Write(ms, prev, span);
                last[key] = double.IsNaN(prev) ? ms : Math.Max(prev, ms);
            }
            if (clock != null)
                foreach (var (key, ms) in last) clock.Update(d.EntityField, key, ms);
        }

        MergeDrift(tally, n);
        return new FeatureBatch(n, num, cat, _numericalNames, _categoricalNames, _cardinalities, locations);
    }

    /// <summary>Flattens JSON objects with the saved rules and transforms them.</summary>
    public FeatureBatch TransformJson(IEnumerable<JsonElement> objects, EntityClock? clock = null) =>
        Transform(objects.Select(o => Flattener.Flatten(o)).ToList(), clock);

    /// <summary>
    /// Streams a file (JSON, JSON Lines, CSV or Parquet; gzip detected) as batches of at most
    /// <paramref name="batchSize"/> rows, carrying entity times across batches. Memory is one batch.
    /// </summary>
    public IEnumerable<FeatureBatch> TransformFile(string path, int batchSize = 4096, ReadSummary? summary = null,
        RecordReaderOptions? readerOptions = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (_plan == null) throw NotFitted();
        var clock = new EntityClock();
        var buffer = new List<FlatRecord>(batchSize);
        foreach (var record in RecordReader.ReadFlat(path, Options.Flatten, readerOptions, summary))
        {
            buffer.Add(record);
            if (buffer.Count < batchSize) continue;
            yield return Transform(buffer, clock);
            buffer = new List<FlatRecord>(batchSize);
        }
        if (buffer.Count > 0) yield return Transform(buffer, clock);
    }

    /// <summary>Drift counted by <see cref="Transform"/> since fit, load or <see cref="ResetDrift"/>.</summary>
    public SchemaDriftReport DriftReport()
    {
        lock (_driftLock)
        {
            return new SchemaDriftReport
            {
                Rows = _driftRows,
                NewFields = new Dictionary<string, long>(_newFields, StringComparer.Ordinal),
                UnseenCategories = new Dictionary<string, long>(_unseen, StringComparer.Ordinal),
                WrongTypes = new Dictionary<string, long>(_wrongTypes, StringComparer.Ordinal),
            };
        }
    }

    /// <summary>Clears the drift counters.</summary>
    public void ResetDrift()
    {
        lock (_driftLock)
        {
            _driftRows = 0;
            _newFields.Clear();
            _unseen.Clear();
            _wrongTypes.Clear();
        }
    }

    /// <summary>Throws <see cref="PreprocessorMismatchException"/> unless <paramref name="fingerprint"/> equals <see cref="Fingerprint"/>.</summary>
    public void EnsureCompatible(string fingerprint)
    {
        if (_plan == null) throw NotFitted();
        if (!string.Equals(fingerprint, Fingerprint, StringComparison.OrdinalIgnoreCase))
            throw new PreprocessorMismatchException(
                $"Preprocessor feature layout {Fingerprint[..12]}… does not match the model's {Shorten(fingerprint)}: " +
                "the model was trained with a different preprocessor. Load the preprocessor saved with the model.");
    }

    /// <summary>Throws <see cref="PreprocessorMismatchException"/> unless the model's input sizes equal this layout's.</summary>
    public void EnsureCompatible(int numericalCount, IReadOnlyList<int> cardinalities)
    {
        ArgumentNullException.ThrowIfNull(cardinalities);
        if (_plan == null) throw NotFitted();
        if (numericalCount != _numericalNames.Length)
            throw new PreprocessorMismatchException($"The model expects {numericalCount} numerical features; this preprocessor produces {_numericalNames.Length}.");
        if (cardinalities.Count != _cardinalities.Length)
            throw new PreprocessorMismatchException($"The model expects {cardinalities.Count} categorical features; this preprocessor produces {_cardinalities.Length}.");
        for (var j = 0; j < cardinalities.Count; j++)
            if (cardinalities[j] != _cardinalities[j])
                throw new PreprocessorMismatchException(
                    $"Categorical feature {j} ('{_categoricalNames[j]}') has cardinality {_cardinalities[j]} here but {cardinalities[j]} in the model.");
    }

    /// <summary>
    /// Saves as versioned JSON, atomically: the file is written beside the target under a temporary name,
    /// flushed to disk, then renamed over the target, so a crash never leaves a half-written preprocessor.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (_plan == null) throw NotFitted();
        var doc = new PreprocessorDocument
        {
            LibraryVersion = typeof(TabularPreprocessor).Assembly.GetName().Version?.ToString(),
            Fingerprint = Fingerprint,
            Options = Options,
            FitRows = _plan.Rows,
            Plan = [.. _plan.Fields],
            Encoders = [.. _encoders],
            KnownFields = [.. _known.Order(StringComparer.Ordinal)],
            NumericalNames = [.. _numericalNames],
            CategoricalNames = [.. _categoricalNames],
            Cardinalities = [.. _cardinalities],
        };
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(fs, doc, PreprocessorDocument.JsonOptions);
                fs.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Loads a saved preprocessor. Refuses, with <see cref="PreprocessorFormatException"/>, a file that is not
    /// a preprocessor, has another format version, or whose layout no longer matches its stored fingerprint.
    /// </summary>
    public static TabularPreprocessor Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Preprocessor file not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        PreprocessorDocument? doc;
        try
        {
            using (var probe = JsonDocument.Parse(bytes))
            {
                var root = probe.RootElement;
                var format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                if (format != PreprocessorDocument.FormatName)
                    throw new PreprocessorFormatException(
                        $"{path} is not a ResNetTab preprocessor file: expected \"format\": \"{PreprocessorDocument.FormatName}\", found {(format == null ? "none" : $"\"{format}\"")}.");
                var version = root.TryGetProperty("formatVersion", out var v) && v.TryGetInt32(out var vi) ? vi : -1;
                if (version != PreprocessorDocument.CurrentVersion)
                    throw new PreprocessorFormatException(
                        $"{path} has preprocessor format version {version}; this library reads version {PreprocessorDocument.CurrentVersion}. " +
                        "Refit the preprocessor with this library version, or use the library version that wrote it.");
            }
            doc = JsonSerializer.Deserialize<PreprocessorDocument>(bytes, PreprocessorDocument.JsonOptions);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new PreprocessorFormatException($"{path} is not a valid preprocessor file: {ex.Message}", ex);
        }
        if (doc == null) throw new PreprocessorFormatException($"{path} is empty.");

        var p = new TabularPreprocessor(doc.Options);
        p.Install(new FeaturePlan(doc.Plan, doc.FitRows), doc.Encoders, doc.KnownFields);
        if (!string.Equals(p.Fingerprint, doc.Fingerprint, StringComparison.Ordinal))
            throw new PreprocessorFormatException(
                $"{path} is damaged or was edited: its encoders give feature layout {p.Fingerprint[..12]}… but the file records {Shorten(doc.Fingerprint)}.");
        return p;
    }

    /// <summary>Computes the layout fingerprint of column names and cardinalities.</summary>
    public static string ComputeFingerprint(IReadOnlyList<string> numericalNames, IReadOnlyList<string> categoricalNames, IReadOnlyList<int> cardinalities)
    {
        var sb = new StringBuilder();
        sb.Append(PreprocessorDocument.FormatName).Append(" v").Append(PreprocessorDocument.CurrentVersion).Append('\n');
        foreach (var n in numericalNames) sb.Append("N\t").Append(n).Append('\n');
        for (var j = 0; j < categoricalNames.Count; j++) sb.Append("C\t").Append(categoricalNames[j]).Append('\t').Append(cardinalities[j]).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private void Install(FeaturePlan plan, IReadOnlyList<FieldEncoder> encoders, IEnumerable<string> known)
    {
        _encoders = [.. encoders];
        _numOffsets = new int[_encoders.Length + 1];
        _catOffsets = new int[_encoders.Length + 1];
        var num = new List<string>();
        var cat = new List<string>();
        var card = new List<int>();
        for (var i = 0; i < _encoders.Length; i++)
        {
            _numOffsets[i] = num.Count;
            _catOffsets[i] = cat.Count;
            num.AddRange(_encoders[i].NumericalNames());
            cat.AddRange(_encoders[i].CategoricalNames());
            card.AddRange(_encoders[i].Cardinalities());
        }
        _numOffsets[^1] = num.Count;
        _catOffsets[^1] = cat.Count;
        _numericalNames = [.. num];
        _categoricalNames = [.. cat];
        _cardinalities = [.. card];
        _known = new HashSet<string>(known, StringComparer.Ordinal);
        Fingerprint = ComputeFingerprint(_numericalNames, _categoricalNames, _cardinalities);
        _plan = plan;
    }

    private void MergeDrift(DriftTally tally, int rows)
    {
        lock (_driftLock)
        {
            _driftRows += rows;
            Merge(_newFields, tally.NewFields);
            Merge(_unseen, tally.UnseenCategories);
            Merge(_wrongTypes, tally.WrongTypes);
        }
    }

    private static void Merge(Dictionary<string, long> into, Dictionary<string, long> from)
    {
        foreach (var (k, v) in from) into[k] = into.GetValueOrDefault(k) + v;
    }

    private static string Shorten(string s) => s.Length > 12 ? s[..12] + "…" : s;

    private static InvalidOperationException NotFitted() =>
        new("The preprocessor is not fitted: call Fit on sample records or Load a saved one.");
}
