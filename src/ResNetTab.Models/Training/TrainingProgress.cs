namespace ResNetTab.Models.Training;

/// <summary>
/// A progress report of a <see cref="Trainer{TBatch}"/>: every <see cref="TrainerOptions.ProgressInterval"/>
/// batches while an epoch runs, and once when it ends (<see cref="Completed"/> set).
/// </summary>
/// <param name="Epoch">0-based epoch being trained.</param>
/// <param name="Epochs">Epochs of the run.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">Running mean training loss of the epoch.</param>
/// <param name="Metrics">Running means of the objective's metrics.</param>
/// <param name="LearningRate">Current learning rate (first parameter group).</param>
/// <param name="SamplesPerSecond">Training throughput so far in the epoch.</param>
/// <param name="Completed">The finished epoch's metrics, on the end-of-epoch report.</param>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double Loss,
    IReadOnlyDictionary<string, double> Metrics,
    double LearningRate,
    double SamplesPerSecond,
    EpochMetrics? Completed = null)
{
    /// <summary>Running accuracy (the "accuracy" metric; NaN when the objective reports none).</summary>
    public double Accuracy => Metrics.TryGetValue("accuracy", out var a) ? a : double.NaN;
}
