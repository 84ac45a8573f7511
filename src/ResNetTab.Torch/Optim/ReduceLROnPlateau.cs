namespace ResNetTab.Torch.Optimizers;

/// <summary>
/// Reduces each group's learning rate by <see cref="factor"/> once a metric has not improved for more
/// than <see cref="patience"/> steps (PyTorch 1.13's <c>ReduceLROnPlateau</c>): improvement is relative
/// or absolute by <see cref="threshold"/>, a reduction is followed by <see cref="cooldown"/> steps that
/// count no bad epochs, rates never go below min_lr and changes smaller than eps are skipped.
/// </summary>
public sealed class ReduceLROnPlateau
{
    private readonly double[] minLrs;
    private double[] lastLr;

    /// <summary>Creates the scheduler with one minimum rate for every group.</summary>
    public ReduceLROnPlateau(Optimizer optimizer, string mode = "min", double factor = 0.1, int patience = 10, double threshold = 1e-4,
        string threshold_mode = "rel", int cooldown = 0, double min_lr = 0, double eps = 1e-8)
        : this(optimizer, Enumerable.Repeat(min_lr, optimizer?.param_groups.Count ?? 0).ToArray(), mode, factor, patience, threshold,
            threshold_mode, cooldown, eps)
    {
    }

    /// <summary>Creates the scheduler with a minimum rate per group.</summary>
    public ReduceLROnPlateau(Optimizer optimizer, IReadOnlyList<double> min_lr, string mode = "min", double factor = 0.1, int patience = 10,
        double threshold = 1e-4, string threshold_mode = "rel", int cooldown = 0, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(min_lr);
        if (factor >= 1.0) throw new ArgumentOutOfRangeException(nameof(factor), factor, "Factor should be < 1.0.");
        if (mode is not ("min" or "max")) throw new ArgumentException($"mode {mode} is unknown!", nameof(mode));
        if (threshold_mode is not ("rel" or "abs")) throw new ArgumentException($"threshold mode {threshold_mode} is unknown!", nameof(threshold_mode));
        if (min_lr.Count != optimizer.param_groups.Count)
            throw new ArgumentException($"expected {optimizer.param_groups.Count} min_lrs, got {min_lr.Count}", nameof(min_lr));
        this.optimizer = optimizer;
        minLrs = min_lr.ToArray();
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.threshold_mode = threshold_mode;
        this.cooldown = cooldown;
        this.eps = eps;
        best = mode == "min" ? double.PositiveInfinity : double.NegativeInfinity;
        lastLr = optimizer.param_groups.Select(g => g.lr).ToArray();
    }

    /// <summary>The optimizer whose learning rates are reduced.</summary>
    public Optimizer optimizer { get; }

    /// <summary>"min" (lower metric is better) or "max".</summary>
    public string mode { get; }

    /// <summary>Multiplier applied on a plateau.</summary>
    public double factor { get; }

    /// <summary>Bad steps tolerated before reducing.</summary>
    public int patience { get; }

    /// <summary>Minimum change that counts as an improvement.</summary>
    public double threshold { get; }

    /// <summary>"rel" (threshold relative to the best value) or "abs".</summary>
    public string threshold_mode { get; }

    /// <summary>Steps after a reduction during which bad steps are not counted.</summary>
    public int cooldown { get; }

    /// <summary>Smallest change of the learning rate that is applied.</summary>
    public double eps { get; }

    /// <summary>The best metric seen so far.</summary>
    public double best { get; private set; }

    /// <summary>Consecutive steps without improvement.</summary>
    public int num_bad_epochs { get; private set; }

    /// <summary>Remaining cooldown steps.</summary>
    public int cooldown_counter { get; private set; }

    /// <summary>Steps taken.</summary>
    public int last_epoch { get; private set; }

    /// <summary>True while cooling down after a reduction.</summary>
    public bool in_cooldown => cooldown_counter > 0;

    /// <summary>Feeds the metric of the epoch that just ended; reduces the learning rates on a plateau.</summary>
    public void step(double metrics)
    {
        last_epoch++;
        if (IsBetter(metrics, best))
        {
            best = metrics;
            num_bad_epochs = 0;
        }
        else
        {
            num_bad_epochs++;
        }
        if (in_cooldown)
        {
            cooldown_counter--;
            num_bad_epochs = 0; // bad epochs during cooldown are ignored
        }
        if (num_bad_epochs > patience)
        {
            ReduceLr();
            cooldown_counter = cooldown;
            num_bad_epochs = 0;
        }
        lastLr = optimizer.param_groups.Select(g => g.lr).ToArray();
    }

    /// <summary>The learning rate of each group after the last step.</summary>
    public IReadOnlyList<double> get_last_lr() => lastLr;

    private void ReduceLr()
    {
        for (var i = 0; i < optimizer.param_groups.Count; i++)
        {
            var group = optimizer.param_groups[i];
            var oldLr = group.lr;
            var newLr = Math.Max(oldLr * factor, minLrs[i]);
            if (oldLr - newLr > eps) group.lr = newLr;
        }
    }

    private bool IsBetter(double a, double bestValue) => (mode, threshold_mode) switch
    {
        ("min", "rel") => a < bestValue * (1.0 - threshold),
        ("min", _) => a < bestValue - threshold,
        (_, "rel") => a > bestValue * (threshold + 1.0),
        _ => a > bestValue + threshold,
    };
}
