namespace ResNetTab.Anomaly.Neighbors;

/// <summary>Default neighbour-search strategies.</summary>
public static class NeighborSearchFactory
{
    /// <summary>
    /// The default exact search (<see cref="ExactNeighborSearch"/>): the engine's GEMM search on the CPU for fit-time
    /// neighbours of large reference sets, the managed brute force otherwise; <paramref name="nJobs"/> threads (−1 = all).
    /// </summary>
    /// <param name="nJobs">Thread count.</param>
    public static Func<INeighborSearch> Exact(int nJobs = -1) => () => new ExactNeighborSearch { NJobs = nJobs };

    /// <summary>The managed brute-force search using <paramref name="nJobs"/> threads (−1 = all).</summary>
    /// <param name="nJobs">Thread count.</param>
    public static Func<INeighborSearch> Managed(int nJobs = -1) => () => new BruteForceNeighborSearch { NJobs = nJobs };

    /// <summary>
    /// Exact search on the engine (<see cref="TensorNeighborSearch"/>: blocked GEMM through TorchSharp, partial top-k,
    /// exact re-rank), on <paramref name="device"/> or the best available device.
    /// </summary>
    /// <param name="device">Device for the distance computation; null picks CUDA when available, else the CPU.</param>
    /// <param name="queryBlockSize">Block size (<see cref="TensorNeighborSearch.BlockSize"/>); null uses the default (512 rows on the CPU).</param>
    public static Func<INeighborSearch> Tensor(TorchSharp.torch.Device? device = null, int? queryBlockSize = null) =>
        () => device is null
            ? new TensorNeighborSearch { QueryBlockSize = queryBlockSize }
            : new TensorNeighborSearch { Device = device, QueryBlockSize = queryBlockSize };

    /// <summary>
    /// Approximate search on an HNSW graph (<see cref="HnswNeighborSearch"/>): much faster than exact search on large
    /// reference sets, at a recall below 1 that grows with <paramref name="ef"/>.
    /// </summary>
    /// <param name="options">Index parameters; null uses the defaults (M = 16, ef_construction = 200).</param>
    /// <param name="ef">Query candidate list size; null uses <see cref="HnswOptions.Ef"/>.</param>
    public static Func<INeighborSearch> Hnsw(HnswOptions? options = null, int? ef = null) =>
        () => new HnswNeighborSearch(options, ef);
}
