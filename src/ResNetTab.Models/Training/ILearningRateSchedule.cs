namespace ResNetTab.Models.Training;

/// <summary>
/// A learning-rate schedule in closed form: the rate of any step follows from its position alone, so a
/// checkpoint needs only the number of completed epochs to resume it.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate for step <paramref name="step"/> of epoch <paramref name="epoch"/>.</summary>
    /// <param name="baseLearningRate">The parameter group's initial learning rate.</param>
    /// <param name="epoch">0-based epoch.</param>
    /// <param name="step">0-based step within the epoch.</param>
    /// <param name="stepsPerEpoch">Steps (batches) per epoch.</param>
    /// <returns>The learning rate.</returns>
    double LearningRate(double baseLearningRate, int epoch, int step, int stepsPerEpoch);

    /// <summary>A description of the settings; a checkpoint is resumed only under the same one.</summary>
    string Describe();
}
