namespace ResNetTab.Pipeline;

/// <summary>How <see cref="AnomalyBundle.Score"/> reads and explains events.</summary>
public sealed record ScoringOptions
{
    /// <summary>Events per batch (memory is a few batches whatever the input size). Default 4096.</summary>
    public int BatchSize { get; init; } = 4096;

    /// <summary>Contributing fields reported per event. Default 3.</summary>
    public int TopFields { get; init; } = 3;

    /// <summary>Score only this shard of the input files; every file when null.</summary>
    public Shard? Shard { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (the exception names it).</exception>
    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1.");
        if (TopFields < 0) throw new ArgumentOutOfRangeException(nameof(TopFields), TopFields, "TopFields must not be negative.");
    }
}
