
namespace ResNetTab.Data;

/// <summary>How numeric measures are scaled.</summary>
public enum NumericScaling
{
    /// <summary>Quantile transform to a standard normal (as in Gorishniy et al., 2021). Default.</summary>
    QuantileNormal,
    /// <summary>(x - median) / IQR, robust to outliers.</summary>
    Robust,
    /// <summary>No scaling (log1p and clipping still apply).</summary>
    None,
}

/// <summary>When a numeric field is log1p-transformed before scaling.</summary>
public enum Log1pMode
{
    /// <summary>Non-negative fields that look heavy-tailed (see docs/data.md). Default.</summary>
    Auto,
    /// <summary>Never.</summary>
    Never,
    /// <summary>Every numeric field (sign-preserving: sign(x)·log1p(|x|)).</summary>
    Always,
}

/// <summary>Settings for fitting a <see cref="TabularPreprocessor"/>.</summary>
public sealed record FeaturePlanOptions
{
    /// <summary>How nested records are flattened.</summary>
    public FlattenOptions Flatten { get; init; } = FlattenOptions.Default;

    /// <summary>Glob patterns: when non-empty, only matching paths are considered.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Glob patterns of paths never used.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Glob pattern → kind, overriding inference (first match wins).</summary>
    public IReadOnlyList<KeyValuePair<string, FeatureKind>> KindOverrides { get; init; } = [];

    /// <summary>Use the embedded OCSF attribute table to decide kinds. Default true.</summary>
    public bool UseOcsfSchema { get; init; } = true;

    /// <summary>At most this many fields are encoded; the most often present win (ties: path order). Default 256.</summary>
    public int MaxFeatures { get; init; } = 256;

    /// <summary>
    /// Fields missing in a larger share of records are dropped. The share is taken within each event class (see
    /// <see cref="ClassField"/>) and the lowest counts, so a field that a small class always has is kept even when
    /// a large class never has it. Default 0.99.
    /// </summary>
    public double MaxMissingRate { get; init; } = 0.99;

    /// <summary>
    /// Path whose value tells the event class, for per-class missing rates and for deciding which fields the
    /// OCSF schema describes (fields seen mostly in records without it keep value-based inference). Default
    /// <c>class_uid</c>; null or empty: missing rates over all records, and the schema applies to every field.
    /// </summary>
    public string? ClassField { get; init; } = "class_uid";

    /// <summary>
    /// Encode <c>unmapped.*</c> fields (the vendor fields an OCSF mapping did not place). Default false: they are
    /// dropped, so they never take the place of OCSF fields under <see cref="MaxFeatures"/>; when true they are
    /// encoded but come after every other field for the cap.
    /// </summary>
    public bool IncludeUnmapped { get; init; }

    /// <summary>
    /// A string field is an identifier (dropped) when at least this share of its values occur fewer than
    /// <see cref="MinFrequency"/> times (at any sample size: such values could only map to "unknown"), or when it
    /// is present at least <see cref="NearUniqueMinCount"/> times and distinct/present is at or above it. Default 0.9.
    /// </summary>
    public double NearUniqueRatio { get; init; } = 0.9;

    /// <summary>The distinct/present test of <see cref="NearUniqueRatio"/> applies from this many occurrences on. Default 50.</summary>
    public int NearUniqueMinCount { get; init; } = 50;

    /// <summary>Categories seen fewer times are "rare" and map to index 2. Default 2.</summary>
    public int MinFrequency { get; init; } = 2;

    /// <summary>A categorical field with more distinct values uses the hashing trick. Default 1000.</summary>
    public int MaxVocabulary { get; init; } = 1000;

    /// <summary>Buckets for hashed categorical fields. Default 1024.</summary>
    public int HashBuckets { get; init; } = 1024;

    /// <summary>
    /// Array aggregates (<c>path[].field</c>, see <see cref="FlattenOptions.AggregateObjectArrays"/>) with at most
    /// this many distinct values get one count column per value; larger ones a hashed bag. Default 16.
    /// </summary>
    public int BagMaxVocabulary { get; init; } = 16;

    /// <summary>Count columns of a hashed array aggregate. Default 8.</summary>
    public int BagHashBuckets { get; init; } = 8;

    /// <summary>Buckets for hashed IP addresses and networks. Default 1024.</summary>
    public int IpHashBuckets { get; init; } = 1024;

    /// <summary>Numeric scaling. Default <see cref="NumericScaling.QuantileNormal"/>.</summary>
    public NumericScaling Scaling { get; init; } = NumericScaling.QuantileNormal;

    /// <summary>Number of quantiles kept by the quantile transform (capped by the sample size). Default 1000.</summary>
    public int QuantileCount { get; init; } = 1000;

    /// <summary>Scaled values are clipped to ±Clip; 0 or less turns clipping off. Default 5.</summary>
    public double Clip { get; init; } = 5;

    /// <summary>When to apply log1p. Default <see cref="Log1pMode.Auto"/>.</summary>
    public Log1pMode Log1p { get; init; } = Log1pMode.Auto;

    /// <summary>Entity keys (paths) for the time-since-previous-event feature, e.g. <c>actor.user.name</c>.</summary>
    public IReadOnlyList<string> EntityKeys { get; init; } = [];

    /// <summary>Timestamp path used by the time-since-previous-event feature. Default <c>time</c>.</summary>
    public string EntityTimeField { get; init; } = "time";

    /// <summary>Distinct values tracked per field during fit. Default 100,000.</summary>
    public int MaxTrackedDistinct { get; init; } = 100_000;

    /// <summary>Numeric values kept per field (reservoir sample) for quantiles. Default 100,000.</summary>
    public int MaxNumericSample { get; init; } = 100_000;

    /// <summary>Seed of the reservoir sampler. Default 42.</summary>
    public ulong Seed { get; init; } = 42;
}
