namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// The default exact search of the detectors, choosing per query whichever exact search is faster:
/// <see cref="TensorNeighborSearch"/> (GEMM on the engine) for fit-time neighbours (<c>excludeSelf</c>) of at least
/// <see cref="MinEngineRows"/> rows, where its symmetric blocking halves the arithmetic, and the managed
/// <see cref="BruteForceNeighborSearch"/> otherwise — small sets, and queries of new rows, where its
/// register-blocked kernel beats a float32 GEMM with only d = 64 inner products. Both return identical neighbours
/// and distances, so the choice never changes a score. Each is fitted on first use. An application without a
/// TorchSharp backend (no libtorch) gets the managed search for every query instead of an engine error.
/// </summary>
public sealed class ExactNeighborSearch : INeighborSearch, IDisposable
{
    private FeatureMatrix? _data;
    private BruteForceNeighborSearch? _managed;
    private TensorNeighborSearch? _engine;
    private readonly object _gate = new();
    private bool _disposed;

    /// <summary>Threads (−1 = all processors).</summary>
    public int NJobs { get; init; } = -1;

    /// <summary>Reference rows from which fit-time neighbours are searched on the engine (default 4,096).</summary>
    public int MinEngineRows { get; init; } = 4096;

    /// <summary>Creates the engine search (a seam for tests that simulate an application without a backend).</summary>
    internal Func<int, TensorNeighborSearch> EngineFactory { get; init; } = nJobs => new TensorNeighborSearch { Device = TorchSharp.torch.CPU, NJobs = nJobs };

    /// <summary>Set once the engine failed to load: later queries go to the managed search.</summary>
    private bool _engineUnavailable;

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
        TensorNeighborSearch? previous;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            previous = _engine;
            _managed = null;
            _engine = null;
            _data = data;
        }
        previous?.Dispose();
    }

    /// <inheritdoc />
    public NeighborResult Query(FeatureMatrix queries, int k, bool excludeSelf)
    {
        INeighborSearch search;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var data = _data ?? throw new InvalidOperationException("The neighbour search is not fitted: call Fit first.");
            if (excludeSelf && data.Rows >= MinEngineRows && (_engine is not null || TryStartEngine(data)))
            {
                search = _engine!;
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

    private bool TryStartEngine(FeatureMatrix data)
    {
        if (_engineUnavailable) return false;
        TensorNeighborSearch? engine = null;
        try
        {
            engine = EngineFactory(NJobs);
            engine.Fit(data);
            _engine = engine;
            return true;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException)
        {
            // No TorchSharp backend in this application: the managed search gives the same answers.
            engine?.Dispose();
            _engineUnavailable = true;
            return false;
        }
    }

    /// <summary>
    /// Frees the engine tensors, if any, once the queries running on them finish; later calls throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        TensorNeighborSearch? engine;
        lock (_gate)
        {
            _disposed = true;
            engine = _engine;
        }
        engine?.Dispose();
    }
}
