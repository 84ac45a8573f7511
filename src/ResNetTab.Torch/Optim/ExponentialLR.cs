namespace ResNetTab.Torch.Optimizers;

/// <summary>Multiplies each group's learning rate by <see cref="gamma"/> every step (PyTorch's <c>ExponentialLR</c>).</summary>
public sealed class ExponentialLR : LRScheduler
{
    /// <summary>Creates the schedule and sets the starting learning rates.</summary>
    public ExponentialLR(Optimizer optimizer, double gamma, int last_epoch = -1) : base(optimizer, last_epoch)
    {
        this.gamma = gamma;
        InitialStep();
    }

    /// <summary>Decay factor per step.</summary>
    public double gamma { get; }

    /// <inheritdoc/>
    protected override IReadOnlyList<double> get_lr() =>
        last_epoch == 0 ? CurrentLrs() : CurrentLrs().Select(lr => lr * gamma).ToArray();
}
