using System.Collections.Frozen;
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
    private int[] _entityIndex = [];
    private EntityDeltaEncoder[] _entityEncoders = [];
    private FrozenDictionary<string, int> _slotOf = FrozenDictionary<string, int>.Empty;
    private int _slotCount;
    private int[] _encoderSlot = [];
    private int[] _entityKeySlot = [];
    private int[] _entityTimeSlot = [];
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
        var rows = NewRows(records.Count);
        for (var r = 0; r < records.Count; r++) EncodeRow(records[r], rows);
        return Finish(rows, clock)!;
    }

    /// <summary>Flattens JSON objects with the saved rules and transforms them.</summary>
    public FeatureBatch TransformJson(IEnumerable<JsonElement> objects, EntityClock? clock = null) =>
        Transform(objects.Select(o => Flattener.Flatten(o)).ToList(), clock);

    /// <summary>
    /// Streams a file (JSON, JSON Lines, CSV or Parquet; gzip detected) as batches of at most
    /// <paramref name="batchSize"/> rows, in file order, carrying entity times across batches. JSON input is
    /// parsed, flattened and encoded on up to <paramref name="parallelism"/> threads (0: one per core); the
    /// output is identical whatever the thread count. Memory is a few batches, whatever the file size.
    /// </summary>
    public IEnumerable<FeatureBatch> TransformFile(string path, int batchSize = 4096, ReadSummary? summary = null,
        RecordReaderOptions? readerOptions = null, int parallelism = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(parallelism);
        if (_plan == null) throw NotFitted();
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        var ext = Path.GetExtension(name).ToLowerInvariant();
        return ext is ".csv" or ".tsv" or ".parquet"
            ? TransformRecords(RecordReader.ReadFlat(path, Options.Flatten, readerOptions, summary), batchSize)
            : TransformJsonFile(path, batchSize, summary, readerOptions, parallelism > 0 ? parallelism : Environment.ProcessorCount);
    }

    private IEnumerable<FeatureBatch> TransformRecords(IEnumerable<FlatRecord> records, int batchSize)
    {
        // Each record is encoded as soon as it is read, so records die young instead of piling up per batch.
        var clock = new EntityClock();
        var rows = NewRows(batchSize);
        foreach (var record in records)
        {
            EncodeRow(record, rows);
            if (rows.Count < batchSize) continue;
            yield return Finish(rows, clock)!;
            rows = NewRows(batchSize);
        }
        if (rows.Count > 0) yield return Finish(rows, clock)!;
    }

    private IEnumerable<FeatureBatch> TransformJsonFile(string path, int batchSize, ReadSummary? summary,
        RecordReaderOptions? readerOptions, int parallelism)
    {
        // The calling thread splits the input into raw records, packed per batch; workers flatten and encode
        // whole batches; batches are finished (entity times, drift) in file order on the calling thread.
        var reader = new JsonRecordReader(readerOptions);
        var flattener = new SegmentFlattener(reader, Options.Flatten);
        var pending = new Queue<Task<RowBuffer>>();
        try
        {
            var clock = new EntityClock();
            foreach (var segments in reader.ReadSegmentBatches(path, batchSize, summary))
            {
                pending.Enqueue(Task.Run(() => EncodeSegments(flattener, path, segments, summary)));
                while (pending.Count > parallelism)
                    if (Finish(pending.Dequeue().GetAwaiter().GetResult(), clock) is { } batch) yield return batch;
            }
            while (pending.Count > 0)
                if (Finish(pending.Dequeue().GetAwaiter().GetResult(), clock) is { } batch) yield return batch;
        }
        finally
        {
            // Abandoned early or failed: let running workers end before returning.
            foreach (var t in pending) ((IAsyncResult)t).AsyncWaitHandle.WaitOne();
        }
    }

    private RowBuffer EncodeSegments(SegmentFlattener flattener, string source, SegmentBatch segments, ReadSummary? summary)
    {
        try
        {
            var rows = NewRows(segments.Count);
            for (var i = 0; i < segments.Count; i++)
            {
                rows.Target.Clear();
                if (flattener.TryFlattenInto(segments.Data(i), segments.HasError(i), rows.Target, summary))
                    EncodeSlots(rows, segments.Location(i, source));
                else if (flattener.Flatten(segments.Segment(i), source, segments.Index(i), summary) is { } record)
                    EncodeRow(record, rows);
            }
            return rows;
        }
        finally
        {
            segments.Release();
        }
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

    /// <summary>Rows being encoded: feature arrays plus what the entity-delta pass needs.</summary>
    private sealed class RowBuffer(int capacity, int numW, int catW, int entities)
    {
        public int Count;
        public readonly float[] Num = new float[capacity * numW];
        public readonly long[] Cat = new long[capacity * catW];
        public readonly RecordLocation?[] Locations = new RecordLocation?[capacity];
        public readonly string?[][] Keys = [.. Enumerable.Range(0, entities).Select(_ => new string?[capacity])];
        public readonly double[][] Times = [.. Enumerable.Range(0, entities).Select(_ => new double[capacity])];
        public readonly DriftTally Tally = new();
        public SlotTarget Target = null!;
    }

    private RowBuffer NewRows(int capacity) =>
        new(capacity, _numericalNames.Length, _categoricalNames.Length, _entityEncoders.Length) { Target = new SlotTarget(_slotOf, _slotCount) };

    /// <summary>Encodes one record into the next row of <paramref name="rows"/> (thread-safe: touches only <paramref name="rows"/>).</summary>
    private void EncodeRow(FlatRecord row, RowBuffer rows)
    {
        // One pass over the record: each path is looked up once, both to spot new fields and to find the
        // value's slot; encoders then read their slot instead of searching the record.
        var target = rows.Target;
        target.Clear();
        foreach (var (path, value) in row.Fields)
            if (target.Accept(path)) target.Set(path, value);
        EncodeSlots(rows, row.Location);
    }

    /// <summary>Encodes the values gathered in <paramref name="rows"/>' slots as its next row.</summary>
    private void EncodeSlots(RowBuffer rows, RecordLocation? location)
    {
        var r = rows.Count++;
        var numW = _numericalNames.Length;
        var catW = _categoricalNames.Length;
        rows.Locations[r] = location;
        var target = rows.Target;
        target.CommitNewFields(rows.Tally);
        var slots = target.Slots;
        for (var i = 0; i < _encoders.Length; i++)
        {
            var slot = _encoderSlot[i];
            if (slot < 0) continue; // entity deltas: below
            var numSpan = rows.Num.AsSpan(r * numW + _numOffsets[i], _numOffsets[i + 1] - _numOffsets[i]);
            var catSpan = rows.Cat.AsSpan(r * catW + _catOffsets[i], _catOffsets[i + 1] - _catOffsets[i]);
            _encoders[i].Encode(slots[slot], numSpan, catSpan, rows.Tally);
        }
        for (var k = 0; k < _entityEncoders.Length; k++)
        {
            var ok = EntityDeltaEncoder.TryRead(slots[_entityKeySlot[k]], slots[_entityTimeSlot[k]], out var key, out var ms);
            rows.Keys[k][r] = ok ? key : null;
            rows.Times[k][r] = ms;
        }
    }

    /// <summary>
    /// Collects one record's values by encoder slot, straight from the flattener: paths no encoder reads are
    /// skipped without building their values; paths never seen at fit are noted (once per record) for the drift report.
    /// </summary>
    private sealed class SlotTarget(FrozenDictionary<string, int> slotOf, int slotCount) : Utf8Flattener.ITarget
    {
        private readonly List<string> _newFields = [];
        private int _slot;

        public FieldValue?[] Slots { get; } = new FieldValue?[slotCount];

        public void Clear()
        {
            Array.Clear(Slots);
            _newFields.Clear();
        }

        public bool Accept(string path)
        {
            if (!slotOf.TryGetValue(path, out _slot))
            {
                if (!_newFields.Contains(path)) _newFields.Add(path);
                return false;
            }
            return _slot >= 0;
        }

        public void Set(string path, FieldValue value) => Slots[_slot] = value;

        public void CommitNewFields(DriftTally tally)
        {
            foreach (var p in _newFields) tally.NewField(p);
        }
    }

    /// <summary>Fills the time-since-previous columns in row order, merges drift, and wraps the rows as a batch.</summary>
    private FeatureBatch? Finish(RowBuffer rows, EntityClock? clock)
    {
        var n = rows.Count;
        var numW = _numericalNames.Length;
        for (var k = 0; k < _entityEncoders.Length; k++)
        {
            var d = _entityEncoders[k];
            var offset = _numOffsets[_entityIndex[k]];
            // Per-call state keeps Transform free of shared mutable state; the clock is opt-in.
            var last = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var r = 0; r < n; r++)
            {
                var span = rows.Num.AsSpan(r * numW + offset, 2);
                if (rows.Keys[k][r] is not { } key)
                {
                    EntityDeltaEncoder.Write(double.NaN, double.NaN, span);
                    continue;
                }
                var ms = rows.Times[k][r];
                if (!last.TryGetValue(key, out var prev)) prev = clock?.LastSeen(d.EntityField, key) ?? double.NaN;
                EntityDeltaEncoder.Write(ms, prev, span);
                last[key] = double.IsNaN(prev) ? ms : Math.Max(prev, ms);
            }
            if (clock != null)
                foreach (var (key, ms) in last) clock.Update(d.EntityField, key, ms);
        }
        MergeDrift(rows.Tally, n);
        if (n == 0 && rows.Locations.Length > 0) return null;
        var full = n == rows.Locations.Length;
        return new FeatureBatch(n,
            full ? rows.Num : rows.Num[..(n * numW)],
            full ? rows.Cat : rows.Cat[..(n * _categoricalNames.Length)],
            _numericalNames, _categoricalNames, _cardinalities,
            full ? rows.Locations : rows.Locations[..n]);
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
        _entityIndex = [.. Enumerable.Range(0, _encoders.Length).Where(i => _encoders[i] is EntityDeltaEncoder)];
        _entityEncoders = [.. _entityIndex.Select(i => (EntityDeltaEncoder)_encoders[i])];
        // Slots: one per path an encoder reads; other known paths map to -1 (known, unused).
        var slotOf = _known.ToDictionary(p => p, _ => -1, StringComparer.Ordinal);
        int SlotOf(string path)
        {
            if (slotOf.TryGetValue(path, out var s) && s >= 0) return s;
            return slotOf[path] = _slotCount++;
        }
        _slotCount = 0;
        _encoderSlot = [.. _encoders.Select(e => e is EntityDeltaEncoder ? -1 : SlotOf(e.Field))];
        _entityKeySlot = [.. _entityEncoders.Select(d => SlotOf(d.EntityField))];
        _entityTimeSlot = [.. _entityEncoders.Select(d => SlotOf(d.Field))];
        _slotOf = slotOf.ToFrozenDictionary(StringComparer.Ordinal);
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
