namespace ResNetTab.Torch.Optimizers;

/// <summary>
/// Cosine annealing from the base rate to <see cref="eta_min"/> over <see cref="T_max"/> steps, then back
/// up (PyTorch 1.13's <c>CosineAnnealingLR</c> in its recursive form, which follows changes other code
/// makes to the group's lr).
/// </summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    /// <summary>Creates the schedule and sets the starting learning rates.</summary>
    public CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0, int last_epoch = -1) : base(optimizer, last_epoch)
    {
        if (T_max <= 0) throw new ArgumentOutOfRangeException(nameof(T_max), T_max, "T_max must be positive");
        this.T_max = T_max;
        this.eta_min = eta_min;
        InitialStep();
    }

    /// <summary>Steps of a half period.</summary>
    public int T_max { get; }

    /// <summary>Minimum learning rate.</summary>
    public double eta_min { get; }

    /// <inheritdoc/>
    protected override IReadOnlyList<double> get_lr()
    {
        var lrs = CurrentLrs();
        if (last_epoch == 0) return lrs;
        var result = new double[lrs.Length];
        for (var i = 0; i < lrs.Length; i++)
        {
            if (step_count == 1 && last_epoch > 0)
                result[i] = eta_min + (base_lrs[i] - eta_min) * (1 + Math.Cos(last_epoch * Math.PI / T_max)) / 2;
            else if (FloorMod(last_epoch - 1 - T_max, 2 * T_max) == 0)
                result[i] = lrs[i] + (base_lrs[i] - eta_min) * (1 - Math.Cos(Math.PI / T_max)) / 2;
            else
                result[i] = (1 + Math.Cos(Math.PI * last_epoch / T_max)) / (1 + Math.Cos(Math.PI * (last_epoch - 1) / T_max))
                    * (lrs[i] - eta_min) + eta_min;
        }
        return result;
    }

    // Python's % takes the sign of the divisor; the restart test relies on that for early steps.
    private static int FloorMod(int a, int m) => ((a % m) + m) % m;
}
