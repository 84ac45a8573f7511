namespace ResNetTab.Anomaly.Neighbors;

/// <summary>Default neighbour-search strategies.</summary>
public static class NeighborSearchFactory
{
    /// <summary>The managed brute-force search using <paramref name="nJobs"/> threads (−1 = all).</summary>
    /// <param name="nJobs">Thread count.</param>
    public static Func<INeighborSearch> Managed(int nJobs = -1) => () => new BruteForceNeighborSearch { NJobs = nJobs };
}
