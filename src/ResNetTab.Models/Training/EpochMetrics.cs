namespace ResNetTab.Models.Training;

/// <summary>What one training epoch did.</summary>
/// <param name="Epoch">The epoch's index (0, 1, …), which is also the data loader epoch it ran.</param>
/// <param name="LearningRate">The learning rate the epoch trained with.</param>
/// <param name="TrainLoss">Mean cross-entropy over the epoch's training samples (as the model stood at each batch).</param>
/// <param name="TrainAccuracy">Fraction of training samples whose arg-max prediction was right.</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation data after the epoch, or null without validation data.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation data after the epoch, or null.</param>
/// <param name="Samples">Training samples seen.</param>
/// <param name="Seconds">Wall-clock seconds of the epoch, validation included.</param>
public sealed record EpochMetrics(
    int Epoch,
    double LearningRate,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    long Samples,
    double Seconds)
{
    /// <summary>Training samples per second of wall-clock time.</summary>
    public double SamplesPerSecond => Seconds > 0 ? Samples / Seconds : 0;
}

/// <summary>Loss and accuracy of a model on a dataset.</summary>
/// <param name="Loss">Mean cross-entropy.</param>
/// <param name="Accuracy">Fraction of samples whose arg-max prediction is the target.</param>
/// <param name="Samples">Samples evaluated.</param>
public readonly record struct EvaluationResult(double Loss, double Accuracy, long Samples);
