using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>Settings of <see cref="SequenceScorer"/>; out-of-range values are refused with the setting's name.</summary>
public sealed record SequenceScorerOptions
{
    /// <summary>Steps per window: a row of the scorer's input is one window of <c>Length × step width</c> values. Default 16.</summary>
    public int Length { get; init; } = 16;

    /// <summary>The network's shape; its <see cref="SequenceAnomalyDetectorOptions.EventFeatures"/> is taken from the input.</summary>
    public SequenceAnomalyDetectorOptions Detector { get; init; } = new();

    /// <summary>The training recipe.</summary>
    public SequenceTrainingOptions Training { get; init; } = new();

    /// <summary>What the window score is made of. Default <see cref="SequenceScoreKind.Combined"/>.</summary>
    public SequenceScoreKind Score { get; init; } = SequenceScoreKind.Combined;

    /// <summary>Windows per forward pass when scoring. Default 512.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Contamination that sets the threshold. Default 'auto' (10 %).</summary>
    public Contamination Contamination { get; init; } = Contamination.Auto;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the exception names it).</exception>
    public void Validate()
    {
        if (Length < 1) throw new ArgumentOutOfRangeException(nameof(Length), Length, "Length must be at least 1.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (!Enum.IsDefined(Score)) throw new ArgumentOutOfRangeException(nameof(Score), Score, "Unknown score kind.");
        ArgumentNullException.ThrowIfNull(Detector);
        ArgumentNullException.ThrowIfNull(Training);
        Detector.Validate();
        Training.Validate();
    }
}
