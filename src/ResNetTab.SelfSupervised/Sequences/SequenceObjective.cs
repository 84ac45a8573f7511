using System.Globalization;
using ResNetTab.Models.Training;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// Self-supervised training of a <see cref="SequenceAnomalyDetector"/> on the generic <see cref="Trainer{TBatch}"/>:
/// <see cref="SequenceObjectiveOptions.NextStepWeight"/> · next-step prediction (<see cref="NextStepErrors"/>, mean over the
/// predicted steps) + <see cref="SequenceObjectiveOptions.NormalityWeight"/> · the normality head's binary cross-entropy on
/// the real windows (label normal) and one corrupted copy of each (<see cref="WindowCorruption"/>, label abnormal). Real
/// and corrupted windows go through the network as one batch. Reports the metrics "next_step", "normality" and
/// "normality_accuracy".
/// </summary>
/// <remarks>In training mode the corruptions come from the global generator (saved in checkpoints); in evaluation mode from
/// a generator seeded by <see cref="SequenceObjectiveOptions.Seed"/> and the batch's first window, so validation losses are
/// comparable across epochs.</remarks>
public sealed class SequenceObjective : ITrainingObjective<SequenceBatch>
{
    /// <summary>Creates the objective.</summary>
    /// <param name="model">The network trained.</param>
    /// <param name="options">The settings; the defaults when null.</param>
    public SequenceObjective(SequenceAnomalyDetector model, SequenceObjectiveOptions? options = null)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Options = options ?? new SequenceObjectiveOptions();
        Options.Validate();
    }

    /// <summary>The network.</summary>
    public SequenceAnomalyDetector Model { get; }

    /// <summary>The settings.</summary>
    public SequenceObjectiveOptions Options { get; }

    /// <inheritdoc />
    public nn.Module Module => Model;

    /// <inheritdoc />
    public string Describe() => Options.Describe() + "; " + Model.Options.Describe();

    /// <inheritdoc />
    public Tensor Loss(SequenceBatch batch, MetricSums metrics)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(metrics);
        var x = batch.Steps;
        if (x.dim() != 3 || x.shape[2] != Model.StepWidth)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Batch windows have shape [{string.Join(", ", x.shape)}]; the detector takes [batch, length, {Model.StepWidth}]."), nameof(batch));
        using var generator = Model.training ? null : new Generator(unchecked((ulong)((Options.Seed * 1_000_003L) + (batch.Windows.Count > 0 ? batch.Windows[0] : 0))));
        var corrupted = Options.NormalityWeight > 0 ? WindowCorruption.Apply(x, Options.GapCompression, generator) : null;
        return Loss(x, corrupted, metrics);
    }

    /// <summary>The loss of <paramref name="windows"/> against the given corrupted windows (what <see cref="Loss(SequenceBatch, MetricSums)"/> computes after drawing them).</summary>
    /// <param name="windows">[batch, length, step width] real windows.</param>
    /// <param name="corrupted">[batch, length, step width] corrupted windows; needed when the normality weight is positive.</param>
    /// <param name="metrics">Receives the metric sums.</param>
    /// <returns>A 0-dimensional loss.</returns>
    /// <exception cref="ArgumentException">The corrupted windows are missing or of another shape.</exception>
    public Tensor Loss(Tensor windows, Tensor? corrupted, MetricSums metrics)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(metrics);
        var x = windows;
        var size = (int)x.shape[0];
        if (Options.NormalityWeight > 0 && (corrupted is null || !corrupted.shape.SequenceEqual(x.shape)))
            throw new ArgumentException("The normality term needs corrupted windows of the real windows' shape.", nameof(corrupted));
        var input = Options.NormalityWeight > 0 ? cat([x, corrupted!], 0) : x;
        var (hidden, last) = Model.Encode(input);
        Tensor? total = null;
        if (Options.NextStepWeight > 0)
        {
            var (errors, mask) = NextStepErrors.Compute(x, Model.PredictNext(hidden.narrow(0, 0, size)), Options.GapWeight);
            var nextStep = errors.sum() / mask.sum().clamp_min(1);
            metrics.Add("next_step", nextStep * size);
            total = nextStep * Options.NextStepWeight;
        }
        if (Options.NormalityWeight > 0)
        {
            var logits = Model.NormalityLogit(last);
            var real = logits.narrow(0, 0, size);
            var fake = logits.narrow(0, size, size);
            // Binary cross-entropy with logits: real windows are labelled normal (1), corrupted ones abnormal (0).
            var normality = (nn.functional.softplus(-real).mean() + nn.functional.softplus(fake).mean()) / 2;
            metrics.Add("normality", normality * size);
            metrics.Add("normality_accuracy", (real.gt(0).to(ScalarType.Float32).sum() + fake.le(0).to(ScalarType.Float32).sum()) / 2);
            total = total is null ? normality * Options.NormalityWeight : total + (normality * Options.NormalityWeight);
        }
        return total!;
    }
}
