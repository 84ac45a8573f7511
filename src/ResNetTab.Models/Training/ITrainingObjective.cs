using static TorchSharp.torch;

namespace ResNetTab.Models.Training;

/// <summary>
/// What a <see cref="Trainer{TBatch}"/> minimises: the loss of a batch, computed by the modules it owns
/// (for example a classifier with cross-entropy, or an encoder with prediction heads for a self-supervised task).
/// </summary>
/// <typeparam name="TBatch">The batch type.</typeparam>
public interface ITrainingObjective<in TBatch> where TBatch : ITrainingBatch
{
    /// <summary>
    /// Every trained module (encoder and heads) as one module: the trainer switches it between training and
    /// evaluation mode, optimises its parameters and saves its state dict in checkpoints.
    /// </summary>
    nn.Module Module { get; }

    /// <summary>A short description of the objective's settings; a checkpoint is resumed only by an objective with the same one.</summary>
    string Describe();

    /// <summary>
    /// The scalar loss of <paramref name="batch"/> (mean over its samples), inside the trainer's dispose scope.
    /// Extra per-sample sums may be added to <paramref name="metrics"/> (for example the number of correct
    /// predictions under "accuracy"); they are reported divided by the number of samples.
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="metrics">Receives metric sums; kept on the device, read only when progress is reported.</param>
    /// <returns>A 0-dimensional loss tensor.</returns>
    Tensor Loss(TBatch batch, MetricSums metrics);
}
