using System.Globalization;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>The recipe of <see cref="SequenceTrainer"/>; out-of-range values are refused with the setting's name.</summary>
public sealed record SequenceTrainingOptions
{
    /// <summary>Epochs at most. Default 12.</summary>
    public int Epochs { get; init; } = 12;

    /// <summary>Windows per batch. Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>AdamW learning rate. Default 2e-3.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>AdamW weight decay. Default 1e-4.</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Gradient norm clip (recurrent networks need one). Default 1.</summary>
    public double? GradientClipNorm { get; init; } = 1;

    /// <summary>Share of the windows held out for the validation loss that early stopping watches. Default 0.1.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Stop after this many epochs without a better validation loss (the best epoch's weights are kept); none when null. Default 3.</summary>
    public int? EarlyStoppingPatience { get; init; } = 3;

    /// <summary>Seed of the initial weights, the split, the shuffles and the corruptions. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>A checkpoint written after every epoch, from which <see cref="SequenceTrainer.Fit(SequenceWindowSet, IProgress{Models.Training.TrainingProgress}?, CancellationToken)"/> resumes; none when null.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>No new epoch starts once this much time has passed; unlimited when null.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>The objective's settings (its seed is replaced by <see cref="Seed"/>).</summary>
    public SequenceObjectiveOptions Objective { get; init; } = new();

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the exception names it).</exception>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be at least 1.");
        if (BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 2.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be a positive finite number.");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be a non-negative finite number.");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1)) throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "ValidationFraction must be in [0, 1).");
        ArgumentNullException.ThrowIfNull(Objective);
        Objective.Validate();
    }

    /// <summary>A one-line description.</summary>
    /// <returns>The description.</returns>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"epochs {Epochs}, batch {BatchSize}, AdamW lr {LearningRate} wd {WeightDecay}, clip {GradientClipNorm?.ToString(CultureInfo.InvariantCulture) ?? "none"}, validation {ValidationFraction}, patience {EarlyStoppingPatience?.ToString(CultureInfo.InvariantCulture) ?? "none"}, seed {Seed}");
}
