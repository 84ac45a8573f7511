namespace ResNetTab.Models.Training;

/// <summary>What one training epoch measured.</summary>
/// <param name="Epoch">0-based epoch index.</param>
/// <param name="LearningRate">Learning rate of the epoch's first step (first parameter group).</param>
/// <param name="TrainLoss">Mean training loss over the epoch's samples.</param>
/// <param name="TrainMetrics">The objective's other training metrics (per-sample means), e.g. "accuracy".</param>
/// <param name="ValidationLoss">Mean validation loss, or null without a validation source.</param>
/// <param name="ValidationMetrics">The objective's validation metrics, or null without a validation source.</param>
/// <param name="Samples">Training samples seen in the epoch.</param>
/// <param name="Seconds">Wall-clock seconds of the epoch (training and validation).</param>
public sealed record EpochMetrics(
    int Epoch,
    double LearningRate,
    double TrainLoss,
    IReadOnlyDictionary<string, double> TrainMetrics,
    double? ValidationLoss,
    IReadOnlyDictionary<string, double>? ValidationMetrics,
    long Samples,
    double Seconds)
{
    /// <summary>Training accuracy in [0, 1] (the "accuracy" metric; NaN when the objective reports none).</summary>
    public double TrainAccuracy => TrainMetrics.TryGetValue("accuracy", out var a) ? a : double.NaN;

    /// <summary>Validation accuracy in [0, 1], or null without a validation source or an "accuracy" metric.</summary>
    public double? ValidationAccuracy => ValidationMetrics is { } m && m.TryGetValue("accuracy", out var a) ? a : null;

    /// <summary>Training throughput of the epoch.</summary>
    public double SamplesPerSecond => Seconds > 0 ? Samples / Seconds : 0;
}

/// <summary>Loss and metrics of one pass over a batch source in evaluation mode.</summary>
/// <param name="Loss">Mean loss per sample.</param>
/// <param name="Metrics">The objective's metrics (per-sample means).</param>
/// <param name="Samples">Samples evaluated.</param>
public sealed record EvaluationResult(double Loss, IReadOnlyDictionary<string, double> Metrics, long Samples)
{
    /// <summary>Accuracy in [0, 1] (the "accuracy" metric; NaN when the objective reports none).</summary>
    public double Accuracy => Metrics.TryGetValue("accuracy", out var a) ? a : double.NaN;
}
