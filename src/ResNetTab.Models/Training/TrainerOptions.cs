namespace ResNetTab.Models.Training;

/// <summary>Settings of the generic <see cref="Trainer{TBatch}"/>; out-of-range values are refused with the setting's name.</summary>
public sealed record TrainerOptions
{
    /// <summary>Epochs to train in all (a resumed run counts the checkpoint's). Default 30.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>A checkpoint is written atomically to this path after every epoch; none when null.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Progress is reported (and the loss checked for NaN) every this many batches. Default 10.</summary>
    public int ProgressInterval { get; init; } = 10;

    /// <summary>Gradients are rescaled to this total L2 norm when larger (no host synchronisation); none when null.</summary>
    public double? GradientClipNorm { get; init; }

    /// <summary>
    /// Stop after this many epochs without an improvement of the monitored loss (validation loss when a
    /// validation source is given, else training loss) by more than <see cref="EarlyStoppingMinDelta"/>; none when null.
    /// </summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>The smallest decrease of the monitored loss that counts as an improvement. Default 0.</summary>
    public double EarlyStoppingMinDelta { get; init; }

    /// <summary>With early stopping, put the best epoch's weights back when training ends. Default true.</summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>No new epoch starts once this much time has passed in <see cref="Trainer{TBatch}.Fit"/>; unlimited when null.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>
    /// Run the objective's forward pass (training and validation) inside <see cref="Layers.MixedPrecision.Autocast"/>
    /// with this compute type (bfloat16 or float16), so ResNetTab's Linear layers multiply in reduced precision while
    /// parameters, optimizer state and losses stay float32; float32 throughout when null (the default). Check
    /// <see cref="Layers.MixedPrecision.IsAccelerated"/> first: without native bfloat16 it is slower.
    /// </summary>
    public TorchSharp.torch.ScalarType? MixedPrecision { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the exception names it).</exception>
    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be positive.");
        if (ProgressInterval <= 0) throw new ArgumentOutOfRangeException(nameof(ProgressInterval), ProgressInterval, "ProgressInterval must be positive.");
        if (GradientClipNorm is { } clip && (!(clip > 0) || double.IsInfinity(clip)))
            throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), clip, "GradientClipNorm must be a positive finite number.");
        if (EarlyStoppingPatience is { } patience && patience <= 0)
            throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), patience, "EarlyStoppingPatience must be positive.");
        if (!(EarlyStoppingMinDelta >= 0) || double.IsInfinity(EarlyStoppingMinDelta))
            throw new ArgumentOutOfRangeException(nameof(EarlyStoppingMinDelta), EarlyStoppingMinDelta, "EarlyStoppingMinDelta must be a non-negative finite number.");
        if (MixedPrecision is { } precision && precision is not (TorchSharp.torch.ScalarType.BFloat16 or TorchSharp.torch.ScalarType.Float16))
            throw new ArgumentOutOfRangeException(nameof(MixedPrecision), precision, "MixedPrecision must be BFloat16 or Float16 (or null for float32).");
        if (TimeBudget is { } budget && budget <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(TimeBudget), budget, "TimeBudget must be positive.");
    }
}
