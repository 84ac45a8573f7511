namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// The default exact search of the detectors: <see cref="TensorNeighborSearch"/> (GEMM on the engine) for
/// reference sets of at least <see cref="MinEngineRows"/> rows, where it is the faster one, and the managed
/// <see cref="BruteForceNeighborSearch"/> for smaller sets, where per-block engine calls cost more than they save.
/// Both return identical neighbours and distances, so the choice never changes a score.
/// </summary>
public sealed class ExactNeighborSearch : INeighborSearch, IDisposable
{
    private INeighborSearch? _inner;

    /// <summary>Threads (−1 = all processors).</summary>
    public int NJobs { get; init; } = -1;

    /// <summary>Reference rows from which the engine search is used (default 4,096).</summary>
    public int MinEngineRows { get; init; } = 4096;

    /// <summary>The search chosen by the last <see cref="Fit"/> (null before).</summary>
    public INeighborSearch? Inner => _inner;

    /// <inheritdoc />
    public int SampleCount => _inner?.SampleCount ?? 0;

    /// <inheritdoc />
    public int FeatureCount => _inner?.FeatureCount ?? 0;

    /// <inheritdoc />
    public void Fit(FeatureMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        (_inner as IDisposable)?.Dispose();
        _inner = data.Rows >= MinEngineRows
            ? new TensorNeighborSearch { Device = TorchSharp.torch.CPU, NJobs = NJobs }
            : new BruteForceNeighborSearch { NJobs = NJobs };
        _inner.Fit(data);
    }

    /// <inheritdoc />
    public NeighborResult Query(FeatureMatrix queries, int k, bool excludeSelf) =>
        (_inner ?? throw new InvalidOperationException("The neighbour search is not fitted: call Fit first.")).Query(queries, k, excludeSelf);

    /// <summary>Frees the engine tensors, if any.</summary>
    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
