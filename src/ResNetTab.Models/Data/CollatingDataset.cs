using static TorchSharp.torch;

namespace ResNetTab.Models.Datasets;

/// <summary>
/// Turns an <see cref="IDataset{TSample}"/> into an <see cref="IBatchDataset"/>: fetches the samples of
/// a batch and hands them to a collate function (PyTorch's <c>collate_fn</c>) that builds the tensors.
/// </summary>
/// <typeparam name="TSample">The type of one sample.</typeparam>
public sealed class CollatingDataset<TSample> : IBatchDataset
{
    private readonly IDataset<TSample> samples;
    private readonly Func<IReadOnlyList<TSample>, (Tensor inputs, Tensor targets)> collate;

    /// <summary>Wraps <paramref name="samples"/>.</summary>
    /// <param name="samples">The samples.</param>
    /// <param name="collate">Builds (inputs, targets) tensors from the samples of one batch, in order.</param>
    public CollatingDataset(IDataset<TSample> samples, Func<IReadOnlyList<TSample>, (Tensor inputs, Tensor targets)> collate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(collate);
        this.samples = samples;
        this.collate = collate;
    }

    /// <inheritdoc />
    public int Count => samples.Count;

    /// <inheritdoc />
    public (Tensor inputs, Tensor targets) GetBatch(ReadOnlySpan<int> indices)
    {
        var batch = new TSample[indices.Length];
        for (var i = 0; i < batch.Length; i++) batch[i] = samples.Get(indices[i]);
        return collate(batch);
    }
}
