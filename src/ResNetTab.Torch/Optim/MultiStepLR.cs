namespace ResNetTab.Torch.Optimizers;

/// <summary>
/// Multiplies each group's learning rate by <see cref="gamma"/> at each milestone step; a milestone
/// listed k times decays by gamma^k (PyTorch's <c>MultiStepLR</c>).
/// </summary>
public sealed class MultiStepLR : LRScheduler
{
    private readonly Dictionary<int, int> milestoneCounts;

    /// <summary>Creates the schedule and sets the starting learning rates.</summary>
    public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1, int last_epoch = -1) : base(optimizer, last_epoch)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        milestoneCounts = milestones.GroupBy(m => m).ToDictionary(g => g.Key, g => g.Count());
        this.gamma = gamma;
        InitialStep();
    }

    /// <summary>Decay factor.</summary>
    public double gamma { get; }

    /// <inheritdoc/>
    protected override IReadOnlyList<double> get_lr() =>
        milestoneCounts.TryGetValue(last_epoch, out var count)
            ? CurrentLrs().Select(lr => lr * Math.Pow(gamma, count)).ToArray()
            : CurrentLrs();
}
