namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Exact k-nearest-neighbour search under the Euclidean distance. Detectors that need neighbours
/// (<see cref="LocalOutlierFactor"/>, <see cref="KNearestNeighborsScorer"/>) take a factory for this
/// interface, so the search strategy (managed CPU, tensor-backed, …) can be swapped without changing results.
/// </summary>
public interface INeighborSearch
{
    /// <summary>Number of reference rows indexed by <see cref="Fit"/>.</summary>
    int SampleCount { get; }

    /// <summary>Number of features of the reference rows.</summary>
    int FeatureCount { get; }

    /// <summary>Indexes the reference rows.</summary>
    /// <param name="data">Reference rows; the search may keep a reference to them.</param>
    void Fit(FeatureMatrix data);

    /// <summary>
    /// The <paramref name="k"/> nearest reference rows of every query row, nearest first (ties by smaller index).
    /// </summary>
    /// <param name="queries">Query rows with <see cref="FeatureCount"/> features.</param>
    /// <param name="k">Neighbours per row; at most the number of candidate reference rows.</param>
    /// <param name="excludeSelf">
    /// The queries are the fitted rows themselves and row i must not be its own neighbour (scikit-learn's
    /// <c>kneighbors(X=None)</c>): reference row i is skipped for query row i, even when duplicates exist.
    /// </param>
    /// <exception cref="ArgumentException">Feature count mismatch, bad k, or row-count mismatch with <paramref name="excludeSelf"/>.</exception>
    NeighborResult Query(FeatureMatrix queries, int k, bool excludeSelf);
}
