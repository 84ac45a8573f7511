using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ResNetTab.Data.Encoders;

namespace ResNetTab.Data;

/// <summary>
/// Fits a feature plan and encoders on sample records, then turns records into <see cref="TabularData"/> rows with their schema.
/// After <see cref="Fit"/> (or <see cref="Load"/>) the preprocessor is immutable apart from its drift
/// counters, so <see cref="Transform"/> is thread-safe and deterministic: the same rows always give the same
/// arrays. Save it beside the model with <see cref="Save"/>; check it matches the model with
/// <see cref="EnsureCompatible(string)"/>. The column layout and row encoding live in <see cref="FeatureLayout"/>,
/// file streaming in <see cref="FileTransformer"/>, the saved form in <see cref="PreprocessorFile"/>.
/// </summary>
public sealed class TabularPreprocessor
{
    private readonly DriftCounters _drift = new();
    private FeaturePlan? _plan;
    private FeatureLayout? _layout;

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
    public IReadOnlyList<FieldEncoder> Encoders => _layout?.Encoders ?? [];

    /// <summary>Numerical column names.</summary>
    public IReadOnlyList<string> NumericalNames => _layout?.NumericalNames ?? [];

    /// <summary>Categorical column names.</summary>
    public IReadOnlyList<string> CategoricalNames => _layout?.CategoricalNames ?? [];

    /// <summary>Categorical cardinalities.</summary>
    public IReadOnlyList<int> Cardinalities => _layout?.Cardinalities ?? [];

    /// <summary>
    /// SHA-256 (hex) of the feature layout: format version, numerical names, categorical names with their
    /// cardinalities. Store it in the model checkpoint and compare with <see cref="EnsureCompatible(string)"/>.
    /// </summary>
    public string Fingerprint => _layout?.Fingerprint ?? "";

    /// <summary>Fits on records (one pass; only the capped statistics are held in memory).</summary>
    /// <exception cref="InvalidOperationException">An encoder cannot be fitted; the message names the field.</exception>
    public TabularPreprocessor Fit(IEnumerable<FlatRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var stats = new DatasetStatistics(Options.MaxTrackedDistinct, Options.MaxNumericSample, Options.Seed, Options.ClassField);
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
            FieldEncoder e;
            try
            {
                e = EncoderFactory.Create(f, stats.Fields[f.Path], stats.Rows, Options);
            }
            catch (Exception ex) when (ex is ArithmeticException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
            {
                throw new InvalidOperationException($"Fitting the encoder of field '{f.Path}' ({f.Kind}) failed: {ex.Message}", ex);
            }
            encoders.Add(e);
            fields.Add(f with { Encoding = e.Describe() });
        }
        foreach (var key in Options.EntityKeys)
            if (stats.Fields.ContainsKey(key) && stats.Fields.ContainsKey(Options.EntityTimeField))
                encoders.Add(new EntityDeltaEncoder { Field = Options.EntityTimeField, EntityField = key });

        Install(new FeaturePlan(fields, plan.Rows), new FeatureLayout(encoders, stats.Fields.Keys));
        ResetDrift();
        return this;
    }

    /// <summary>Fits, then transforms the same records.</summary>
    public TabularData FitTransform(IReadOnlyList<FlatRecord> records) => Fit(records).Transform(records);

    /// <summary>
    /// Encodes records in order. Absent fields and unseen categories are encoded as missing / unknown;
    /// fields not seen at fit are ignored; all three are counted in <see cref="DriftReport"/>.
    /// </summary>
    /// <param name="records">Flattened records (see <see cref="Flattener"/>).</param>
    /// <param name="clock">Carries last event times per entity across batches; optional.</param>
    /// <exception cref="FeatureEncodingException">A value could not be encoded; the message names the field and the record.</exception>
    public TabularData Transform(IReadOnlyList<FlatRecord> records, EntityClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var layout = _layout ?? throw NotFitted();
        var rows = layout.NewRows(records.Count);
        for (var r = 0; r < records.Count; r++) layout.EncodeRow(records[r], rows);
        return layout.Finish(rows, clock, _drift)!;
    }

    /// <summary>Flattens JSON objects with the saved rules and transforms them.</summary>
    public TabularData TransformJson(IEnumerable<JsonElement> objects, EntityClock? clock = null) =>
        Transform(objects.Select(o => Flattener.Flatten(o)).ToList(), clock);

    /// <summary>
    /// Streams a file, every file of a directory, or every file a glob matches (JSON, JSON Lines, CSV or Parquet
    /// by extension; gzip detected) as batches of at most <paramref name="batchSize"/> rows, in input order,
    /// carrying entity times across batches and files (a batch never spans two files). JSON input is parsed,
    /// flattened and encoded on up to <paramref name="parallelism"/> threads (0: one per core); the output is
    /// identical whatever the thread count. Memory is a few batches, whatever the input size. An input that
    /// cannot be read is reported in <paramref name="summary"/> and the others are still read.
    /// </summary>
    public IEnumerable<TabularData> TransformFile(string path, int batchSize = 4096, ReadSummary? summary = null,
        RecordReaderOptions? readerOptions = null, int parallelism = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(parallelism);
        var layout = _layout ?? throw NotFitted();
        return new FileTransformer(layout, _drift, Options.Flatten)
            .Transform(path, batchSize, summary, readerOptions, parallelism > 0 ? parallelism : Environment.ProcessorCount);
    }

    /// <summary>Drift counted by <see cref="Transform"/> since fit, load or <see cref="ResetDrift"/>.</summary>
    public SchemaDriftReport DriftReport() => _drift.Report();

    /// <summary>Clears the drift counters.</summary>
    public void ResetDrift() => _drift.Reset();

    /// <summary>Throws <see cref="PreprocessorMismatchException"/> unless <paramref name="fingerprint"/> equals <see cref="Fingerprint"/>.</summary>
    public void EnsureCompatible(string fingerprint)
    {
        if (_plan == null) throw NotFitted();
        if (!string.Equals(fingerprint, Fingerprint, StringComparison.OrdinalIgnoreCase))
            throw new PreprocessorMismatchException(
                $"Preprocessor feature layout {Fingerprint[..12]}… does not match the model's {PreprocessorFile.Shorten(fingerprint)}: " +
                "the model was trained with a different preprocessor. Load the preprocessor saved with the model.");
    }

    /// <summary>Throws <see cref="PreprocessorMismatchException"/> unless the model's input sizes equal this layout's.</summary>
    public void EnsureCompatible(int numericalCount, IReadOnlyList<int> cardinalities)
    {
        ArgumentNullException.ThrowIfNull(cardinalities);
        var layout = _layout ?? throw NotFitted();
        if (numericalCount != layout.NumericalNames.Length)
            throw new PreprocessorMismatchException($"The model expects {numericalCount} numerical features; this preprocessor produces {layout.NumericalNames.Length}.");
        if (cardinalities.Count != layout.Cardinalities.Length)
            throw new PreprocessorMismatchException($"The model expects {cardinalities.Count} categorical features; this preprocessor produces {layout.Cardinalities.Length}.");
        for (var j = 0; j < cardinalities.Count; j++)
            if (cardinalities[j] != layout.Cardinalities[j])
                throw new PreprocessorMismatchException(
                    $"Categorical feature {j} ('{layout.CategoricalNames[j]}') has cardinality {layout.Cardinalities[j]} here but {cardinalities[j]} in the model.");
    }

    /// <summary>
    /// Saves as versioned JSON with a checksum of its whole content, atomically: the file is written beside the
    /// target under a temporary name, flushed to disk, then renamed over the target, so a crash never leaves a
    /// half-written preprocessor (stale temporaries of killed writers are removed by later saves).
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (_plan == null || _layout == null) throw NotFitted();
        PreprocessorFile.Save(new PreprocessorDocument
        {
            LibraryVersion = typeof(TabularPreprocessor).Assembly.GetName().Version?.ToString(),
            Fingerprint = Fingerprint,
            Options = Options,
            FitRows = _plan.Rows,
            Plan = [.. _plan.Fields],
            Encoders = [.. _layout.Encoders],
            KnownFields = [.. _layout.Known.Order(StringComparer.Ordinal)],
            NumericalNames = [.. _layout.NumericalNames],
            CategoricalNames = [.. _layout.CategoricalNames],
            Cardinalities = [.. _layout.Cardinalities],
        }, path);
    }

    /// <summary>
    /// Loads a saved preprocessor. Refuses, with <see cref="InvalidDataException"/> naming the file, a file
    /// that is not a preprocessor, has another format version, is not valid, lacks something the encoders need
    /// (a null list, for instance), or whose content no longer matches its checksum or its layout fingerprint.
    /// </summary>
    public static TabularPreprocessor Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var doc = PreprocessorFile.Load(path);
        TabularPreprocessor p;
        try
        {
            p = new TabularPreprocessor(doc.Options);
            p.Install(new FeaturePlan(doc.Plan, doc.FitRows), new FeatureLayout(doc.Encoders, doc.KnownFields));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // Validation passed but the content still cannot be used: refuse the file, never a half-built preprocessor.
            throw new InvalidDataException($"{path} cannot be used as a preprocessor: {ex.Message}", ex);
        }
        if (!string.Equals(p.Fingerprint, doc.Fingerprint, StringComparison.Ordinal))
            throw new InvalidDataException(
                $"{path} is damaged or was edited: \"fingerprint\": its encoders give feature layout {p.Fingerprint[..12]}… but the file records {PreprocessorFile.Shorten(doc.Fingerprint)}.");
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

    private void Install(FeaturePlan plan, FeatureLayout layout)
    {
        _layout = layout;
        _plan = plan;
    }

    private static InvalidOperationException NotFitted() =>
        new("The preprocessor is not fitted: call Fit on sample records or Load a saved one.");
}
