namespace ResNetTab.Torch.Optimizers;

/// <summary>
/// Base of the epoch-driven learning-rate schedules, as PyTorch 1.13's <c>_LRScheduler</c>: each
/// <see cref="step"/> advances <see cref="last_epoch"/> and writes the new learning rate into every
/// parameter group. Schedules use PyTorch's chainable (recursive) form, reading each group's current lr.
/// </summary>
public abstract class LRScheduler
{
    private double[] lastLr = [];

    /// <summary>
    /// Records each group's "initial_lr" (when <paramref name="last_epoch"/> is -1) as the base rate.
    /// A subclass must call <see cref="InitialStep"/> at the end of its constructor, once its own
    /// fields are set (PyTorch's base constructor performs that first step).
    /// </summary>
    /// <exception cref="KeyNotFoundException">Resuming (<paramref name="last_epoch"/> ≠ -1) and a group has no "initial_lr".</exception>
    protected LRScheduler(Optimizer optimizer, int last_epoch = -1)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        this.optimizer = optimizer;
        for (var i = 0; i < optimizer.param_groups.Count; i++)
        {
            var group = optimizer.param_groups[i];
            if (last_epoch == -1)
            {
                if (!group.Has("initial_lr")) group["initial_lr"] = group.lr;
            }
            else if (!group.Has("initial_lr"))
            {
                throw new KeyNotFoundException($"param 'initial_lr' is not specified in param_groups[{i}] when resuming an optimizer");
            }
        }
        base_lrs = optimizer.param_groups.Select(g => g["initial_lr"]).ToArray();
        this.last_epoch = last_epoch;
    }

    /// <summary>The optimizer whose learning rates are scheduled.</summary>
    public Optimizer optimizer { get; }

    /// <summary>Each group's initial learning rate.</summary>
    public IReadOnlyList<double> base_lrs { get; }

    /// <summary>The index of the last step taken (0 after construction).</summary>
    public int last_epoch { get; private set; }

    /// <summary>How many times <see cref="step"/> ran, the constructor's step included (PyTorch's <c>_step_count</c>).</summary>
    protected int step_count { get; private set; }

    /// <summary>Performs the first step, setting each group's starting learning rate.</summary>
    protected void InitialStep()
    {
        step_count = 0;
        step();
    }

    /// <summary>Advances the schedule by one step and updates the learning rate of every group.</summary>
    public void step()
    {
        step_count++;
        last_epoch++;
        var values = get_lr();
        for (var i = 0; i < optimizer.param_groups.Count; i++) optimizer.param_groups[i].lr = values[i];
        lastLr = optimizer.param_groups.Select(g => g.lr).ToArray();
    }

    /// <summary>The learning rate of each group as last set by this scheduler.</summary>
    public IReadOnlyList<double> get_last_lr() => lastLr;

    /// <summary>The learning rates for the current <see cref="last_epoch"/>, one per group (chainable form).</summary>
    protected abstract IReadOnlyList<double> get_lr();

    /// <summary>Each group's current learning rate.</summary>
    protected double[] CurrentLrs() => optimizer.param_groups.Select(g => g.lr).ToArray();
}
