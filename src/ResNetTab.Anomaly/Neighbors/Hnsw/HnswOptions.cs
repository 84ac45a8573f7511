namespace ResNetTab.Anomaly.Neighbors;

/// <summary>Parameters of an <see cref="HnswIndex"/> (names as in Malkov &amp; Yashunin and hnswlib).</summary>
public sealed record HnswOptions
{
    /// <summary>Links per node on the upper layers (<c>M</c>, default 16); layer 0 keeps 2·M.</summary>
    public int M { get; init; } = 16;

    /// <summary>Candidate list size while inserting (<c>ef_construction</c>, default 200).</summary>
    public int EfConstruction { get; init; } = 200;

    /// <summary>Default candidate list size of a query (<c>ef</c>, default 64); a query uses at least k.</summary>
    public int Ef { get; init; } = 64;

    /// <summary>Distance (default <see cref="VectorMetric.L2"/>).</summary>
    public VectorMetric Metric { get; init; } = VectorMetric.L2;

    /// <summary>Seed of the layer assignment; with one thread the graph is identical for a seed (default 100).</summary>
    public ulong Seed { get; init; } = 100;

    /// <summary>Threads for insertion and batch queries; −1 = all processors (default), 1 = deterministic build.</summary>
    public int NJobs { get; init; } = -1;

    /// <summary>Largest <see cref="M"/> accepted (layer 0 then keeps 4,096 links per node).</summary>
    public const int MaxM = 2048;

    /// <summary>Largest <see cref="EfConstruction"/> and <see cref="Ef"/> accepted.</summary>
    public const int MaxEf = 1 << 20;

    internal void Validate()
    {
        if (M is < 2 or > MaxM) throw new ArgumentOutOfRangeException(nameof(M), M, $"M must be between 2 and {MaxM}.");
        if (EfConstruction is < 1 or > MaxEf)
            throw new ArgumentOutOfRangeException(nameof(EfConstruction), EfConstruction, $"EfConstruction must be between 1 and {MaxEf}.");
        if (Ef is < 1 or > MaxEf) throw new ArgumentOutOfRangeException(nameof(Ef), Ef, $"Ef must be between 1 and {MaxEf}.");
        if (NJobs is < -4096 or > 4096) throw new ArgumentOutOfRangeException(nameof(NJobs), NJobs, "NJobs must be between −4,096 and 4,096.");
        if (!Enum.IsDefined(Metric)) throw new ArgumentOutOfRangeException(nameof(Metric), Metric, "Unknown metric.");
    }
}
