using ResNetTab.Models.Training;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>A mini-batch of windows for <see cref="SequenceObjective"/>.</summary>
/// <param name="Steps">[batch, length, step width] float32 windows.</param>
/// <param name="Windows">Indices of the windows in their set.</param>
public sealed record SequenceBatch(Tensor Steps, IReadOnlyList<int> Windows) : ITrainingBatch
{
    /// <inheritdoc />
    public int Size => Windows.Count;

    /// <summary>Frees the tensor.</summary>
    public void Dispose() => Steps.Dispose();
}
