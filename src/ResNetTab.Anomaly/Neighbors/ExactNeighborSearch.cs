namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// The default exact search of the detectors, choosing per query whichever exact search is faster:
/// <see cref="TensorNeighborSearch"/> (GEMM on the engine) for fit-time neighbours (<c>excludeSelf</c>) of at least
/// <see cref="MinEngineRows"/> rows, where its symmetric blocking halves the arithmetic, and the managed
/// <see cref="BruteForceNeighborSearch"/> otherwise — small sets, and queries of new rows, where its
/// register-blocked kernel beats a float32 GEMM with only d = 64 inner products. Both return identical neighbours
/// and distances, so the choice never changes a score. Each is fitted on first use.
/// </summary>
public sealed class ExactNeighborSearch : INeighborSearch, IDisposable
{
    private FeatureMatrix? _data;
    private BruteForceNeighborSearch? _managed;
    private TensorNeighborSearch? _engine;
    private readonly object _gate = new();

    /// <summary>Threads (−1 = all processors).</summary>
    public int NJobs { get; init; } = -1;

    /// <summary>Reference rows from which fit-time neighbours are searched on the engine (default 4,096).</summary>
    public int MinEngineRows { get; init; } = 4096;

    /// <summary>The search that answered the last query (null before the first).</summary>
    public INeighborSearch? LastUsed { get; private set; }

    /// <inheritdoc />
    public int SampleCount => _data?.Rows ?? 0;

    /// <inheritdoc />
    public int FeatureCount => _data?.Columns ?? 0;

    /// <inheritdoc />
    public void Fit(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Rows == 0) throw new ArgumentException("The reference set is empty.", nameof(data));
        Dispose();
        _managed = null;
        _engine = null;
        _data = data;
    }

    /// <inheritdoc />
    public NeighborResult Query(FeatureMatrix queries, int k, bool excludeSelf)
    {
        var data = _data ?? throw new InvalidOperationException("The neighbour search is not fitted: call Fit first.");
        INeighborSearch search;
        lock (_gate)
        {
            if (excludeSelf && data.Rows >= MinEngineRows)
            {
                if (_engine is null)
                {
                    _engine = new TensorNeighborSearch { Device = TorchSharp.torch.CPU, NJobs = NJobs };
                    _engine.Fit(data);
                }
                search = _engine;
            }
            else
            {
                if (_managed is null)
                {
                    _managed = new BruteForceNeighborSearch { NJobs = NJobs };
                    _managed.Fit(data);
                }
                search = _managed;
            }
        }
        LastUsed = search;
        return search.Query(queries, k, excludeSelf);
    }

    /// <summary>Frees the engine tensors, if any.</summary>
    public void Dispose() => _engine?.Dispose();
}
