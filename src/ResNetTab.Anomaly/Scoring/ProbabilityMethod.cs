namespace ResNetTab.Anomaly;

/// <summary>How <see cref="IAnomalyScorer.PredictProba"/> turns scores into outlier probabilities (as PyOD).</summary>
public enum ProbabilityMethod
{
    /// <summary>Min-max scaling by the training scores, clipped to [0, 1].</summary>
    Linear,

    /// <summary>Kriegel et al.'s unification: erf((s − μ) / (σ√2)) clipped to [0, 1], μ and σ of the training scores.</summary>
    Unify,
}
