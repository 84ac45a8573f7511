using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised;

/// <summary>Settings of <see cref="DefaultDetector"/>: the pretraining recipe of its model and its contamination.</summary>
public sealed record DefaultDetectorOptions
{
    /// <summary>The recipe of the self-supervised model it pretrains. Default <see cref="PretrainingOptions.Default"/>.</summary>
    public PretrainingOptions Pretraining { get; init; } = PretrainingOptions.Default;

    /// <summary>Expected share of anomalies ('auto' = 0.1); sets the threshold only, never the scores.</summary>
    public Contamination Contamination { get; init; } = Contamination.Auto;
}
