namespace ResNetTab.Models.Training;

/// <summary>
/// A progress report from a <see cref="ClassificationTrainer"/>: sent every
/// <see cref="ClassificationTrainerOptions.ProgressInterval"/> training batches, at the last batch of each
/// epoch, and once more when the epoch (validation and checkpoint included) is complete, with
/// <see cref="Completed"/> set.
/// </summary>
/// <param name="Epoch">The epoch's index (0, 1, …).</param>
/// <param name="Epochs">Epochs of the whole run.</param>
/// <param name="Batch">Training batches done in this epoch.</param>
/// <param name="Batches">Training batches per epoch.</param>
/// <param name="Loss">Mean training loss of the epoch so far.</param>
/// <param name="Accuracy">Training accuracy of the epoch so far.</param>
/// <param name="LearningRate">The epoch's learning rate.</param>
/// <param name="SamplesPerSecond">Training throughput of the epoch so far.</param>
/// <param name="Completed">The finished epoch's metrics, on the report sent when the epoch is complete; null otherwise.</param>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int Batch,
    int Batches,
    double Loss,
    double Accuracy,
    double LearningRate,
    double SamplesPerSecond,
    EpochMetrics? Completed = null);
