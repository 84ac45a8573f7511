namespace ResNetTab.Models.Training;

/// <summary>
/// Settings of a <see cref="ClassificationTrainer"/>. The defaults are the usual CIFAR-10 ResNet recipe:
/// SGD with momentum 0.9 and weight decay 5e-4 from a learning rate of 0.1, annealed along a cosine to
/// <see cref="MinLearningRate"/> over <see cref="Epochs"/> epochs (the schedule steps once per epoch).
/// </summary>
public sealed record ClassificationTrainerOptions
{
    /// <summary>Epochs of the whole run; also the length of the cosine schedule.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Starting learning rate.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Learning rate the cosine reaches at the end of the run (PyTorch's <c>eta_min</c>).</summary>
    public double MinLearningRate { get; init; }

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 weight decay, applied to every parameter as in PyTorch's SGD.</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Use Nesterov momentum.</summary>
    public bool Nesterov { get; init; }

    /// <summary>Label smoothing of the cross-entropy loss (0: none).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>
    /// Where to write a checkpoint (model, optimizer, epoch, history) after every epoch; none when null.
    /// Each write is atomic, so an interrupted run keeps its last complete checkpoint.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Training batches between two progress reports (the last batch of an epoch is always reported).</summary>
    public int ProgressInterval { get; init; } = 10;

    /// <summary>Throws a clear error naming what is wrong with these settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be positive.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be a positive finite number.");
        if (!(MinLearningRate >= 0) || MinLearningRate > LearningRate)
            throw new ArgumentOutOfRangeException(nameof(MinLearningRate), MinLearningRate, "MinLearningRate must lie between 0 and LearningRate.");
        if (!(Momentum >= 0) || Momentum >= 1) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must lie in [0, 1).");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be a non-negative finite number.");
        if (Nesterov && Momentum == 0) throw new ArgumentOutOfRangeException(nameof(Nesterov), "Nesterov momentum needs Momentum > 0.");
        if (!(LabelSmoothing >= 0) || LabelSmoothing > 1)
            throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), LabelSmoothing, "LabelSmoothing must lie in [0, 1].");
        if (ProgressInterval <= 0) throw new ArgumentOutOfRangeException(nameof(ProgressInterval), ProgressInterval, "ProgressInterval must be positive.");
    }
}
