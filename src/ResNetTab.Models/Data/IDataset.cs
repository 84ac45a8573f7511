using static TorchSharp.torch;

namespace ResNetTab.Models.Datasets;

/// <summary>A finite, indexable collection of samples (PyTorch's map-style <c>Dataset</c>).</summary>
/// <typeparam name="TSample">The type of one sample.</typeparam>
/// <remarks>
/// <see cref="Get"/> may be called from the loader's background thread, so it must be safe to call
/// concurrently with the consumer's use of the dataset (reading immutable data is).
/// </remarks>
public interface IDataset<out TSample>
{
    /// <summary>Number of samples.</summary>
    int Count { get; }

    /// <summary>The sample at <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    TSample Get(int index);
}

/// <summary>
/// A dataset that builds a whole batch at once from sample indices: what <see cref="DataLoader"/>
/// consumes. Wrap an <see cref="IDataset{TSample}"/> with <see cref="CollatingDataset{TSample}"/>, or
/// use <see cref="TensorDataset"/> or <see cref="Cifar10Dataset"/>.
/// </summary>
/// <remarks>
/// <see cref="GetBatch"/> runs on the loader's background thread when prefetching; it must not change
/// shared state. The returned tensors register with the calling thread's dispose scope, as usual.
/// </remarks>
public interface IBatchDataset
{
    /// <summary>Number of samples.</summary>
    int Count { get; }

    /// <summary>The inputs and targets of the samples at <paramref name="indices"/>, stacked along a new first dimension.</summary>
    (Tensor inputs, Tensor targets) GetBatch(ReadOnlySpan<int> indices);
}
