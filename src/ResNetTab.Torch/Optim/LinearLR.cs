namespace ResNetTab.Torch.Optimizers;

/// <summary>
/// Scales each group's learning rate linearly from <see cref="start_factor"/> to <see cref="end_factor"/>
/// of its base over <see cref="total_iters"/> steps (warm-up), as PyTorch 1.13's chainable <c>LinearLR</c>.
/// </summary>
public sealed class LinearLR : LRScheduler
{
    /// <summary>Creates the schedule and sets the starting learning rates.</summary>
    public LinearLR(Optimizer optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0, int total_iters = 5, int last_epoch = -1)
        : base(optimizer, last_epoch)
    {
        if (start_factor is > 1.0 or < 0) throw new ArgumentOutOfRangeException(nameof(start_factor), start_factor, "Starting multiplicative factor expected to be between 0 and 1.");
        if (end_factor is > 1.0 or < 0) throw new ArgumentOutOfRangeException(nameof(end_factor), end_factor, "Ending multiplicative factor expected to be between 0 and 1.");
        this.start_factor = start_factor;
        this.end_factor = end_factor;
        this.total_iters = total_iters;
        InitialStep();
    }

    /// <summary>Factor applied at step 0.</summary>
    public double start_factor { get; }

    /// <summary>Factor reached after <see cref="total_iters"/> steps.</summary>
    public double end_factor { get; }

    /// <summary>Steps of the ramp.</summary>
    public int total_iters { get; }

    /// <inheritdoc/>
    protected override IReadOnlyList<double> get_lr()
    {
        var lrs = CurrentLrs();
        if (last_epoch == 0) return lrs.Select(lr => lr * start_factor).ToArray();
        if (last_epoch > total_iters) return lrs;
        return lrs.Select(lr => lr * (1.0 + (end_factor - start_factor)
            / (total_iters * start_factor + (last_epoch - 1) * (end_factor - start_factor)))).ToArray();
    }
}
