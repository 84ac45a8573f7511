namespace ResNetTab.Anomaly.Neighbors;

/// <summary>Distance of an <see cref="HnswIndex"/>.</summary>
public enum VectorMetric
{
    /// <summary>Euclidean distance (searched on squared distances).</summary>
    L2 = 0,

    /// <summary>Cosine distance 1 − cos(a, b); vectors are normalised on insertion and query.</summary>
    Cosine = 1,
}
