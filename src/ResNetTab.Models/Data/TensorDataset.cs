using static TorchSharp.torch;

namespace ResNetTab.Models.Datasets;

/// <summary>
/// A dataset over two tensors whose first dimensions are the samples (PyTorch's <c>TensorDataset</c>):
/// a batch selects rows of both with <c>index_select</c>.
/// </summary>
/// <remarks>
/// The tensors are not copied and not owned: keep them alive (and unchanged) while a loader uses the
/// dataset. Create them outside dispose scopes, or move them out, when the loader outlives the scope.
/// </remarks>
public sealed class TensorDataset : IBatchDataset
{
    /// <summary>Wraps <paramref name="inputs"/> and <paramref name="targets"/>.</summary>
    /// <exception cref="ArgumentException">The tensors are scalars or their first dimensions differ.</exception>
    public TensorDataset(Tensor inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.dim() == 0 || targets.dim() == 0)
            throw new ArgumentException("TensorDataset needs tensors with a first (sample) dimension, not scalars.");
        var n = inputs.size(0);
        if (targets.size(0) != n)
            throw new ArgumentException($"inputs hold {n} samples but targets hold {targets.size(0)}: the first dimensions must match.", nameof(targets));
        if (n > int.MaxValue) throw new ArgumentException($"{n} samples are more than a dataset can index.", nameof(inputs));
        Inputs = inputs;
        Targets = targets;
        Count = (int)n;
    }

    /// <summary>The inputs, samples along dimension 0.</summary>
    public Tensor Inputs { get; }

    /// <summary>The targets, samples along dimension 0.</summary>
    public Tensor Targets { get; }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public (Tensor inputs, Tensor targets) GetBatch(ReadOnlySpan<int> indices)
    {
        foreach (var i in indices)
        {
            if ((uint)i >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {i} is outside the dataset of {Count} samples.");
        }
        var idx = new long[indices.Length];
        for (var i = 0; i < idx.Length; i++) idx[i] = indices[i];
        using var index = tensor(idx, [idx.Length], device: Inputs.device);
        var inputs = Inputs.index_select(0, index);
        try
        {
            using var targetIndex = Targets.device.Equals(Inputs.device) ? null : index.to(Targets.device);
            return (inputs, Targets.index_select(0, targetIndex ?? index));
        }
        catch
        {
            inputs.Dispose();
            throw;
        }
    }
}
