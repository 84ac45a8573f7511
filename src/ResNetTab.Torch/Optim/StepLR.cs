namespace ResNetTab.Torch.Optimizers;

/// <summary>Multiplies each group's learning rate by <see cref="gamma"/> every <see cref="step_size"/> steps (PyTorch's <c>StepLR</c>).</summary>
public sealed class StepLR : LRScheduler
{
    /// <summary>Creates the schedule and sets the starting learning rates.</summary>
    public StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1) : base(optimizer, last_epoch)
    {
        if (step_size <= 0) throw new ArgumentOutOfRangeException(nameof(step_size), step_size, "step_size must be positive");
        this.step_size = step_size;
        this.gamma = gamma;
        InitialStep();
    }

    /// <summary>Steps between decays.</summary>
    public int step_size { get; }

    /// <summary>Decay factor.</summary>
    public double gamma { get; }

    /// <inheritdoc/>
    protected override IReadOnlyList<double> get_lr() =>
        last_epoch == 0 || last_epoch % step_size != 0
            ? CurrentLrs()
            : CurrentLrs().Select(lr => lr * gamma).ToArray();
}
