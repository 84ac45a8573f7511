using System.Globalization;
using ResNetTab.Models.Datasets;
using static TorchSharp.torch;

namespace ResNetTab.Models.Training;

/// <summary>Cross-entropy of a classifier's logits against integer class targets; reports "accuracy".</summary>
/// <param name="model">A module from inputs to logits [batch, classes].</param>
/// <param name="labelSmoothing">Label smoothing of the cross-entropy, in [0, 1].</param>
public sealed class ClassificationObjective(nn.Module<Tensor, Tensor> model, double labelSmoothing = 0) : ITrainingObjective<Batch>
{
    /// <summary>The classifier.</summary>
    public nn.Module<Tensor, Tensor> Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>Label smoothing of the cross-entropy.</summary>
    public double LabelSmoothing { get; } = labelSmoothing is >= 0 and <= 1
        ? labelSmoothing
        : throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "LabelSmoothing must lie in [0, 1].");

    /// <inheritdoc />
    public nn.Module Module => Model;

    /// <inheritdoc />
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"cross-entropy(label smoothing {LabelSmoothing})");

    /// <inheritdoc />
    public Tensor Loss(Batch batch, MetricSums metrics)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(metrics);
        var (inputs, targets) = batch;
        var logits = Model.call(inputs);
        if (logits.dim() != 2)
            throw new ArgumentException($"Batch {batch.Index}: the model returned shape [{string.Join(", ", logits.shape)}]; a classifier must return logits [batch, classes].");
        if (targets.dim() != 1 || targets.shape[0] != logits.shape[0])
            throw new ArgumentException(
                $"Batch {batch.Index}: targets have shape [{string.Join(", ", targets.shape)}], expected [{logits.shape[0]}] class indices for logits [{string.Join(", ", logits.shape)}].");
        metrics.Add("accuracy", logits.detach().argmax(1).eq(targets).sum());
        return nn.functional.cross_entropy(logits, targets, label_smoothing: LabelSmoothing);
    }
}
