namespace ResNetTab.Anomaly;

/// <summary>How <see cref="ScoreEnsemble"/> puts member scores on a common scale before averaging.</summary>
public enum EnsembleNormalization
{
    /// <summary>Mid-rank of the score among the member's training scores, in [0, 1].</summary>
    Rank,

    /// <summary>(s − mean) / std of the member's training scores (population std; 1 when zero).</summary>
    ZScore,
}
