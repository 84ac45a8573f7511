namespace ResNetTab.Anomaly;

/// <summary>Parameters of <see cref="IsolationForest"/>, named and defaulted as scikit-learn's.</summary>
public sealed record IsolationForestOptions
{
    /// <summary>Number of trees (<c>n_estimators</c>, default 100).</summary>
    public int NEstimators { get; init; } = 100;

    /// <summary>Rows drawn per tree (<c>max_samples</c>): 'auto' = min(256, n), a count (capped at n) or a fraction of n.</summary>
    public SampleSize MaxSamples { get; init; } = SampleSize.Auto;

    /// <summary>Features drawn (without replacement) per tree (<c>max_features</c>): a count or fraction; default all.</summary>
    public SampleSize MaxFeatures { get; init; } = SampleSize.OfFraction(1.0);

    /// <summary>Draw rows with replacement (<c>bootstrap</c>, default false).</summary>
    public bool Bootstrap { get; init; }

    /// <summary>Expected share of anomalies; 'auto' gives scikit-learn's offset −0.5.</summary>
    public Contamination Contamination { get; init; } = Contamination.Auto;

    /// <summary>Seed (<c>random_state</c>); null draws one. Results do not depend on <see cref="NJobs"/>.</summary>
    public int? Seed { get; init; }

    /// <summary>Threads for fit and scoring (<c>n_jobs</c>); −1 = all processors.</summary>
    public int NJobs { get; init; } = -1;
}
