namespace ResNetTab.Anomaly;

/// <summary>What "distance to the entity's own context" means in <see cref="EntityContextScorer"/>.</summary>
public enum EntityContextMode
{
    /// <summary>Euclidean distance to the mean of the entity's training rows.</summary>
    Centroid,

    /// <summary>Mean Euclidean distance to the entity's k nearest training rows (a row never counts itself in fit).</summary>
    Neighbors,
}

/// <summary>Parameters of <see cref="EntityContextScorer"/>.</summary>
public sealed record EntityContextOptions
{
    /// <summary>Centroid (default) or k-nearest-neighbour context.</summary>
    public EntityContextMode Mode { get; init; } = EntityContextMode.Centroid;

    /// <summary>Neighbours for <see cref="EntityContextMode.Neighbors"/> (default 5).</summary>
    public int NNeighbors { get; init; } = 5;

    /// <summary>
    /// Entities with fewer training rows than this (default 10) get no model of their own; their rows, and rows
    /// of entities never seen in training, are scored against the global model built from all rows.
    /// </summary>
    public int MinEntitySamples { get; init; } = 10;

    /// <summary>Expected share of anomalies; 'auto' means 0.1.</summary>
    public Contamination Contamination { get; init; } = Contamination.Auto;

    /// <summary>Threads of the neighbour queries; −1 = all processors.</summary>
    public int NJobs { get; init; } = -1;

    /// <summary>
    /// Search of the global context (rows of rare or unseen entities); null uses the default exact search. An
    /// entity's own context is always an exact query over that entity's rows in <see cref="EntityContextScorer.History"/>.
    /// </summary>
    public Func<Neighbors.INeighborSearch>? NeighborSearch { get; init; }
}
