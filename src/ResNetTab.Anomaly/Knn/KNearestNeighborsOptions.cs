namespace ResNetTab.Anomaly;

/// <summary>How <see cref="KNearestNeighborsScorer"/> aggregates the k neighbour distances (PyOD's <c>method</c>).</summary>
public enum KNeighborsMethod
{
    /// <summary>Distance to the k-th neighbour.</summary>
    Largest,

    /// <summary>Mean distance to the k neighbours.</summary>
    Mean,

    /// <summary>Median distance to the k neighbours.</summary>
    Median,
}

/// <summary>Parameters of <see cref="KNearestNeighborsScorer"/>, named and defaulted as PyOD's <c>KNN</c>.</summary>
public sealed record KNearestNeighborsOptions
{
    /// <summary>Neighbours (<c>n_neighbors</c>, default 5).</summary>
    public int NNeighbors { get; init; } = 5;

    /// <summary>Aggregation (<c>method</c>, default largest).</summary>
    public KNeighborsMethod Method { get; init; } = KNeighborsMethod.Largest;

    /// <summary>Expected share of anomalies; 'auto' means PyOD's default 0.1.</summary>
    public Contamination Contamination { get; init; } = Contamination.Auto;

    /// <summary>Threads of the default exact search; −1 = all processors.</summary>
    public int NJobs { get; init; } = -1;

    /// <summary>
    /// Neighbour search strategy; null uses <see cref="Neighbors.ExactNeighborSearch"/> (exact);
    /// <see cref="Neighbors.NeighborSearchFactory.Hnsw"/> gives approximate neighbours from an HNSW index.
    /// </summary>
    public Func<Neighbors.INeighborSearch>? NeighborSearch { get; init; }
}
