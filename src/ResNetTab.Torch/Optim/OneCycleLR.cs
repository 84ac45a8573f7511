namespace ResNetTab.Torch.Optimizers;

/// <summary>
/// The 1cycle policy (PyTorch 1.13's <c>OneCycleLR</c>): the learning rate rises from
/// max_lr/div_factor to max_lr over pct_start of the steps, then falls to initial_lr/final_div_factor
/// (with <c>three_phase</c>, back to the initial rate first); momentum — or Adam's beta1 — cycles
/// inversely between max_momentum and base_momentum when <see cref="cycle_momentum"/> is set. Step it
/// after every batch.
/// </summary>
public sealed class OneCycleLR : LRScheduler
{
    private readonly Phase[] phases;
    private readonly Func<double, double, double, double> anneal;

    /// <summary>Creates the schedule with one peak rate for every group (give <paramref name="total_steps"/>, or <paramref name="epochs"/> and <paramref name="steps_per_epoch"/>).</summary>
    public OneCycleLR(Optimizer optimizer, double max_lr, int? total_steps = null, int? epochs = null, int? steps_per_epoch = null,
        double pct_start = 0.3, string anneal_strategy = "cos", bool cycle_momentum = true, double base_momentum = 0.85,
        double max_momentum = 0.95, double div_factor = 25.0, double final_div_factor = 1e4, bool three_phase = false, int last_epoch = -1)
        : this(optimizer, Repeat(optimizer, max_lr), total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum,
            base_momentum, max_momentum, div_factor, final_div_factor, three_phase, last_epoch)
    {
    }

    /// <summary>Creates the schedule with a peak rate per group.</summary>
    public OneCycleLR(Optimizer optimizer, IReadOnlyList<double> max_lr, int? total_steps = null, int? epochs = null, int? steps_per_epoch = null,
        double pct_start = 0.3, string anneal_strategy = "cos", bool cycle_momentum = true, double base_momentum = 0.85,
        double max_momentum = 0.95, double div_factor = 25.0, double final_div_factor = 1e4, bool three_phase = false, int last_epoch = -1)
        : base(Prepare(optimizer, max_lr, cycle_momentum, base_momentum, max_momentum, div_factor, final_div_factor, last_epoch), last_epoch)
    {
        this.total_steps = TotalSteps(total_steps, epochs, steps_per_epoch);
        if (pct_start is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(pct_start), pct_start, "Expected float between 0 and 1 pct_start");
        anneal = anneal_strategy switch
        {
            "cos" => AnnealCos,
            "linear" => AnnealLinear,
            _ => throw new ArgumentException($"anneal_strategy must by one of 'cos' or 'linear', instead got {anneal_strategy}", nameof(anneal_strategy)),
        };
        this.cycle_momentum = cycle_momentum;
        use_beta1 = optimizer.defaults.ContainsKey("beta1");
        phases = three_phase
            ?
            [
                new(pct_start * this.total_steps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                new(2 * pct_start * this.total_steps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                new(this.total_steps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
            ]
            :
            [
                new(pct_start * this.total_steps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                new(this.total_steps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
            ];
        InitialStep();
    }

    /// <summary>Steps of the whole cycle.</summary>
    public int total_steps { get; }

    /// <summary>Whether momentum (or beta1) cycles with the learning rate.</summary>
    public bool cycle_momentum { get; }

    /// <summary>True when the cycled momentum is the optimizer's "beta1" (Adam, AdamW) rather than "momentum".</summary>
    public bool use_beta1 { get; }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Stepped past <see cref="total_steps"/>.</exception>
    protected override IReadOnlyList<double> get_lr()
    {
        var stepNum = last_epoch;
        if (stepNum > total_steps)
            throw new InvalidOperationException($"Tried to step {stepNum + 1} times. The specified number of total steps is {total_steps}");
        var lrs = new double[optimizer.param_groups.Count];
        for (var g = 0; g < lrs.Length; g++)
        {
            var group = optimizer.param_groups[g];
            double startStep = 0, lr = 0, momentum = 0;
            for (var i = 0; i < phases.Length; i++)
            {
                var phase = phases[i];
                if (stepNum <= phase.EndStep || i == phases.Length - 1)
                {
                    var pct = (stepNum - startStep) / (phase.EndStep - startStep);
                    lr = anneal(group[phase.StartLr], group[phase.EndLr], pct);
                    if (cycle_momentum) momentum = anneal(group[phase.StartMomentum], group[phase.EndMomentum], pct);
                    break;
                }
                startStep = phase.EndStep;
            }
            lrs[g] = lr;
            if (cycle_momentum) group[use_beta1 ? "beta1" : "momentum"] = momentum;
        }
        return lrs;
    }

    private static double AnnealCos(double start, double end, double pct) => end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1);

    private static double AnnealLinear(double start, double end, double pct) => (end - start) * pct + start;

    private static IReadOnlyList<double> Repeat(Optimizer optimizer, double value)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return Enumerable.Repeat(value, optimizer.param_groups.Count).ToArray();
    }

    private static int TotalSteps(int? totalSteps, int? epochs, int? stepsPerEpoch)
    {
        if (totalSteps is { } t)
            return t > 0 ? t : throw new ArgumentOutOfRangeException(nameof(totalSteps), t, "Expected positive integer total_steps");
        if (epochs is null || stepsPerEpoch is null)
            throw new ArgumentException("You must define either total_steps OR (epochs AND steps_per_epoch)");
        if (epochs <= 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Expected positive integer epochs");
        if (stepsPerEpoch <= 0) throw new ArgumentOutOfRangeException(nameof(stepsPerEpoch), stepsPerEpoch, "Expected positive integer steps_per_epoch");
        return epochs.Value * stepsPerEpoch.Value;
    }

    // Runs before the base constructor, which reads "initial_lr": PyTorch sets these group entries first.
    private static Optimizer Prepare(Optimizer optimizer, IReadOnlyList<double> maxLrs, bool cycleMomentum, double baseMomentum,
        double maxMomentum, double divFactor, double finalDivFactor, int lastEpoch)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(maxLrs);
        var groups = optimizer.param_groups;
        if (maxLrs.Count != groups.Count)
            throw new ArgumentException($"expected {groups.Count} values for max_lr, got {maxLrs.Count}", nameof(maxLrs));
        var useBeta1 = optimizer.defaults.ContainsKey("beta1");
        if (cycleMomentum && !useBeta1 && !optimizer.defaults.ContainsKey("momentum"))
            throw new ArgumentException("optimizer must support momentum with `cycle_momentum` option enabled");
        if (lastEpoch != -1) return optimizer;
        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            group["initial_lr"] = maxLrs[i] / divFactor;
            group["max_lr"] = maxLrs[i];
            group["min_lr"] = group["initial_lr"] / finalDivFactor;
            if (!cycleMomentum) continue;
            group[useBeta1 ? "beta1" : "momentum"] = maxMomentum;
            group["max_momentum"] = maxMomentum;
            group["base_momentum"] = baseMomentum;
        }
        return optimizer;
    }

    private readonly record struct Phase(double EndStep, string StartLr, string EndLr, string StartMomentum, string EndMomentum);
}
