namespace ResNetTab.Anomaly;

/// <summary>Covariance estimate used by <see cref="MahalanobisScorer"/>.</summary>
public enum CovarianceEstimator
{
    /// <summary>Maximum-likelihood covariance (scikit-learn's <c>EmpiricalCovariance</c>, divides by n).</summary>
    Empirical,

    /// <summary>Ledoit–Wolf shrinkage towards a scaled identity (scikit-learn's <c>LedoitWolf</c>).</summary>
    LedoitWolf,

    /// <summary>Fixed shrinkage <see cref="MahalanobisOptions.Shrinkage"/> (scikit-learn's <c>ShrunkCovariance</c>).</summary>
    Shrunk,
}

/// <summary>Parameters of <see cref="MahalanobisScorer"/>.</summary>
public sealed record MahalanobisOptions
{
    /// <summary>The covariance estimate (default Ledoit–Wolf, which stays invertible when features are collinear).</summary>
    public CovarianceEstimator Estimator { get; init; } = CovarianceEstimator.LedoitWolf;

    /// <summary>Shrinkage coefficient in [0, 1] for <see cref="CovarianceEstimator.Shrunk"/> (scikit-learn's default 0.1).</summary>
    public double Shrinkage { get; init; } = 0.1;

    /// <summary>Expected share of anomalies; 'auto' means 0.1 (the default of scikit-learn's <c>EllipticEnvelope</c>).</summary>
    public Contamination Contamination { get; init; } = Contamination.Auto;
}
