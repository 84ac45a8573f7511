using System.Globalization;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>Settings of <see cref="SequenceObjective"/>; out-of-range values are refused with the setting's name.</summary>
public sealed record SequenceObjectiveOptions
{
    /// <summary>Weight of next-step prediction (mean per-step error over predicted steps). Default 1.</summary>
    public double NextStepWeight { get; init; } = 1;

    /// <summary>Weight of the normality head's loss (binary cross-entropy, real windows vs corrupted ones). Default 1.</summary>
    public double NormalityWeight { get; init; } = 1;

    /// <summary>Weight of the log time gap's squared error beside the mean squared error of the event features. Default 1.</summary>
    public double GapWeight { get; init; } = 1;

    /// <summary>The compressed-gap corruption divides the time gaps of a random suffix of the window by this factor. Default 30.</summary>
    public double GapCompression { get; init; } = 30;

    /// <summary>Seed of the corruptions drawn in evaluation mode (training draws from the global generator). Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the exception names it).</exception>
    public void Validate()
    {
        if (!(NextStepWeight >= 0) || double.IsInfinity(NextStepWeight)) throw new ArgumentOutOfRangeException(nameof(NextStepWeight), NextStepWeight, "NextStepWeight must be a non-negative finite number.");
        if (!(NormalityWeight >= 0) || double.IsInfinity(NormalityWeight)) throw new ArgumentOutOfRangeException(nameof(NormalityWeight), NormalityWeight, "NormalityWeight must be a non-negative finite number.");
        if (NextStepWeight + NormalityWeight <= 0) throw new ArgumentOutOfRangeException(nameof(NextStepWeight), NextStepWeight, "At least one of NextStepWeight and NormalityWeight must be positive.");
        if (!(GapWeight >= 0) || double.IsInfinity(GapWeight)) throw new ArgumentOutOfRangeException(nameof(GapWeight), GapWeight, "GapWeight must be a non-negative finite number.");
        if (!(GapCompression > 1) || double.IsInfinity(GapCompression)) throw new ArgumentOutOfRangeException(nameof(GapCompression), GapCompression, "GapCompression must be a finite number above 1.");
    }

    /// <summary>A one-line description (part of the trainer's settings).</summary>
    /// <returns>The description.</returns>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"sequence next-step {NextStepWeight} (gap {GapWeight}) + normality {NormalityWeight} (compression {GapCompression}), seed {Seed}");
}
