using ResNetTab.Anomaly.Neighbors;

namespace ResNetTab.Anomaly;

/// <summary>Parameters of <see cref="LocalOutlierFactor"/>, named and defaulted as scikit-learn's.</summary>
public sealed record LocalOutlierFactorOptions
{
    /// <summary>Neighbours (<c>n_neighbors</c>, default 20); clipped to n − 1 at fit time.</summary>
    public int NNeighbors { get; init; } = 20;

    /// <summary>Expected share of anomalies; 'auto' gives scikit-learn's offset −1.5.</summary>
    public Contamination Contamination { get; init; } = Contamination.Auto;

    /// <summary>
    /// scikit-learn's <c>novelty</c>. False (outlier mode): only the training rows are scored
    /// (<see cref="IAnomalyScorer.TrainingScores"/>, <see cref="LocalOutlierFactor.NegativeOutlierFactor"/>,
    /// <see cref="IAnomalyScorer.FitPredict"/>); scoring new rows throws. True: new rows are scored against the
    /// training neighbourhoods.
    /// </summary>
    public bool Novelty { get; init; }

    /// <summary>Threads of the default exact search (<c>n_jobs</c>); −1 = all processors.</summary>
    public int NJobs { get; init; } = -1;

    /// <summary>
    /// Neighbour search strategy; null uses <see cref="ExactNeighborSearch"/> with <see cref="NJobs"/> (fit-time
    /// neighbours on the engine's GEMM search from 4,096 rows, else the managed brute force). <see cref="NeighborSearchFactory.Hnsw"/> gives
    /// approximate neighbours from an HNSW index, for large reference sets in novelty mode.
    /// </summary>
    public Func<INeighborSearch>? NeighborSearch { get; init; }
}
