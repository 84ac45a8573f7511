using static TorchSharp.torch;

namespace ResNetTab.Models.Datasets;

/// <summary>
/// One batch from a <see cref="DataLoader"/>: inputs, targets and the dataset indices they came from.
/// The consumer owns the tensors: dispose the batch (or let the dispose scope that was open when the
/// batch was received free it).
/// </summary>
public sealed class Batch : Training.ITrainingBatch
{
    /// <summary>Wraps tensors as a batch (the batch takes ownership of them).</summary>
    /// <param name="inputs">The inputs, samples along dimension 0.</param>
    /// <param name="targets">The targets, samples along dimension 0.</param>
    /// <param name="indices">The dataset index of each sample.</param>
    /// <param name="epoch">The epoch the batch belongs to.</param>
    /// <param name="index">The position of the batch in its epoch (0, 1, …).</param>
    public Batch(Tensor inputs, Tensor targets, int[] indices, int epoch, int index)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(indices);
        Inputs = inputs;
        Targets = targets;
        Indices = indices;
        Epoch = epoch;
        Index = index;
    }

    /// <summary>The inputs (after the loader's transform), samples along dimension 0.</summary>
    public Tensor Inputs { get; }

    /// <summary>The targets, samples along dimension 0.</summary>
    public Tensor Targets { get; }

    /// <summary>The dataset index of each sample, in batch order.</summary>
    public IReadOnlyList<int> Indices { get; }

    /// <summary>Number of samples in the batch.</summary>
    public int Size => Indices.Count;

    /// <summary>The epoch the batch belongs to.</summary>
    public int Epoch { get; }

    /// <summary>The position of the batch in its epoch (0, 1, …).</summary>
    public int Index { get; }

    /// <summary>Lets a batch be taken apart as <c>var (inputs, targets) = batch;</c>.</summary>
    public void Deconstruct(out Tensor inputs, out Tensor targets)
    {
        inputs = Inputs;
        targets = Targets;
    }

    /// <summary>Frees the inputs and targets.</summary>
    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }

    /// <summary>Takes both tensors out of any dispose scope (the batch is then freed only by <see cref="Dispose"/>).</summary>
    internal Batch Detach()
    {
        Inputs.DetachFromDisposeScope();
        Targets.DetachFromDisposeScope();
        return this;
    }

    /// <summary>
    /// The same batch with its tensors registered in the calling thread's innermost dispose scope, if one is
    /// open (dispose scopes are per thread; batches are made on a prefetch thread). The aliases share the
    /// storage; this batch's own handles are released.
    /// </summary>
    internal Batch AdoptIntoCurrentScope()
    {
        var adopted = new Batch(Inputs.alias(), Targets.alias(), [.. Indices], Epoch, Index);
        Dispose();
        return adopted;
    }
}
