using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised;

/// <summary>Settings of <see cref="DefaultDetector"/>: the columns of its input and the pretraining recipe of its model.</summary>
public sealed record DefaultDetectorOptions
{
    /// <summary>Leading numerical columns of the input; every column when null.</summary>
    public int? NumericalColumns { get; init; }

    /// <summary>Cardinality of each categorical column (the input's last columns hold category indices).</summary>
    public IReadOnlyList<int> Cardinalities { get; init; } = [];

    /// <summary>Column names for explanations; generated when null.</summary>
    public IReadOnlyList<string>? ColumnNames { get; init; }

    /// <summary>The recipe of the self-supervised model it pretrains. Default <see cref="PretrainingOptions.Default"/>.</summary>
    public PretrainingOptions Pretraining { get; init; } = PretrainingOptions.Default;

    /// <summary>Expected share of anomalies ('auto' = 0.1); sets the threshold only, never the scores.</summary>
    public Contamination Contamination { get; init; } = Contamination.Auto;
}
