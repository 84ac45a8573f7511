using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// Settings of the <see cref="ReconstructionScorer"/>. The columns are not a setting: the scorer takes them from the
/// <see cref="TabularSchema"/> or the pretrained model it is created with, so it always knows which are categorical.
/// </summary>
public sealed record ReconstructionScorerOptions
{
    /// <summary>
    /// The mask counts K: under each K, deterministic masks (column j is masked by mask j mod K) hide every cell exactly
    /// once, and a cell's error is its reconstruction error under the mask that hides it. With several counts (mask
    /// diversity in rate: K = 8 hides about one column in eight, K = 2 half of them), each count's errors are divided by
    /// their own column scale and averaged. Each K is clamped to the number of columns. Default [8, 4, 2].
    /// </summary>
    public IReadOnlyList<int> MaskCounts { get; init; } = [8, 4, 2];

    /// <summary>
    /// R: how many different assignments of the columns to the K masks are averaged (mask diversity: each assignment masks
    /// every cell once, with other companions). Default 1.
    /// </summary>
    public int MaskRepeats { get; init; } = 1;

    /// <summary>
    /// A numerical cell's error is its mean over all K masks (hidden under one, visible under the others) instead of
    /// only its error under the mask that hides it. It needs heads trained on visible cells: a positive
    /// <see cref="SelfSupervisedObjectiveOptions.VisibleWeight"/>, as in <see cref="PretrainingOptions.Default"/>;
    /// set it to false for a model pretrained on masked cells only. Default true.
    /// </summary>
    public bool ScoreVisible { get; init; } = true;

    /// <summary>Divide each column's error by its mean on the training rows, so columns that are hard to predict for every row do not dominate. Default true.</summary>
    public bool NormalizeColumns { get; init; } = true;

    /// <summary>The pretraining recipe used when <see cref="AnomalyScorerBase.Fit"/> trains the model. Default <see cref="PretrainingOptions.Default"/>.</summary>
    public PretrainingOptions Pretraining { get; init; } = PretrainingOptions.Default;

    /// <summary>Rows per forward pass when scoring. Default 1024.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Expected share of anomalies, fixing the threshold ('auto' uses 0.1). Default auto.</summary>
    public Contamination Contamination { get; init; } = Contamination.Auto;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(MaskCounts, nameof(MaskCounts));
        if (MaskCounts.Count == 0 || MaskCounts.Any(k => k <= 0))
            throw new ArgumentOutOfRangeException(nameof(MaskCounts), $"[{string.Join(", ", MaskCounts)}]", "MaskCounts must hold at least one count, each positive.");
        if (MaskRepeats <= 0) throw new ArgumentOutOfRangeException(nameof(MaskRepeats), MaskRepeats, "MaskRepeats must be positive.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be positive.");
        ArgumentNullException.ThrowIfNull(Pretraining, nameof(Pretraining));
        Pretraining.Validate();
    }
}
