using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Optimizers;

/// <summary>
/// Base of the optimizers, as PyTorch's <c>torch.optim.Optimizer</c>: parameter groups with their own
/// hyper-parameters, per-parameter state, <see cref="step"/>, <see cref="zero_grad"/> and state dicts.
/// </summary>
/// <remarks>
/// A step runs under no_grad inside its own dispose scope, so its temporaries are freed when it
/// returns; state tensors are kept out of every dispose scope (a step inside the caller's
/// <see cref="torch.NewDisposeScope"/> does not hand them to that scope) and are freed by
/// <see cref="Dispose"/>.
/// </remarks>
public abstract partial class Optimizer : IDisposable
{
    private readonly List<ParamGroup> groups = new();
    private readonly Dictionary<Parameter, ParameterState> states = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, double> defaultOptions;
    private bool disposed;

    /// <summary>Creates an optimizer over <paramref name="groups"/>, completing each with <paramref name="defaults"/>.</summary>
    protected Optimizer(IEnumerable<ParamGroup> groups, IReadOnlyDictionary<string, double> defaults)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(defaults);
        defaultOptions = new Dictionary<string, double>(defaults, StringComparer.Ordinal);
        var list = groups.ToList();
        if (list.Count == 0) throw new ArgumentException("optimizer got an empty parameter list", nameof(groups));
        foreach (var g in list) add_param_group(g);
    }

    /// <summary>Wraps a flat parameter sequence as a single group.</summary>
    protected static IEnumerable<ParamGroup> SingleGroup(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var group = new ParamGroup(parameters);
        if (group.Parameters.Count == 0) throw new ArgumentException("optimizer got an empty parameter list", nameof(parameters));
        return [group];
    }

    /// <summary>The default hyper-parameters given to the constructor.</summary>
    public IReadOnlyDictionary<string, double> defaults => defaultOptions;

    /// <summary>The parameter groups, in order.</summary>
    public IReadOnlyList<ParamGroup> param_groups => groups;

    /// <summary>How many times <see cref="step"/> ran.</summary>
    public long step_count { get; private set; }

    /// <summary>Adds a group; hyper-parameters it lacks come from <see cref="defaults"/>.</summary>
    /// <exception cref="ArgumentException">The group is empty or shares a parameter with another group.</exception>
    public void add_param_group(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        ThrowIfDisposed();
        if (group.Parameters.Count == 0) throw new ArgumentException("a parameter group needs at least one parameter", nameof(group));
        var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        foreach (var g in groups)
            foreach (var p in g.Parameters) seen.Add(p);
        foreach (var p in group.Parameters)
            if (!seen.Add(p)) throw new ArgumentException("some parameters appear in more than one parameter group", nameof(group));
        group.FillDefaults(defaultOptions);
        ValidateGroup(group);
        groups.Add(group);
    }

    /// <summary>Checks a group's hyper-parameters (negative learning rate, betas out of range, …).</summary>
    protected virtual void ValidateGroup(ParamGroup group)
    {
        if (group.lr < 0) throw new ArgumentException($"Invalid learning rate: {group.lr}");
        if (group.weight_decay < 0) throw new ArgumentException($"Invalid weight_decay value: {group.weight_decay}");
    }

    /// <summary>Performs one optimisation step on every parameter that has a gradient.</summary>
    public void step()
    {
        ThrowIfDisposed();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var group in groups)
        {
            foreach (var p in group.Parameters)
            {
                var grad = p.grad;
                if (grad is null) continue;
                if (!states.TryGetValue(p, out var state))
                {
                    state = new ParameterState();
                    states[p] = state;
                }
                Update(group, p, grad, state);
            }
        }
        step_count++;
    }

    /// <summary>
    /// Updates one parameter in place. Runs under no_grad inside the step's dispose scope: temporaries
    /// need no disposal, and tensors to keep go through <see cref="ParameterState.Set"/>.
    /// </summary>
    protected abstract void Update(ParamGroup group, Parameter param, Tensor grad, ParameterState state);

    /// <summary>Clears the gradients of every parameter: zeroes them, or removes them when <paramref name="set_to_none"/> is true.</summary>
    public void zero_grad(bool set_to_none = false)
    {
        ThrowIfDisposed();
        foreach (var group in groups)
        {
            foreach (var p in group.Parameters)
            {
                if (set_to_none)
                {
                    p.grad = null;
                    continue;
                }
                using var g = p.grad;
                if (g is null) continue;
                g.detach_();
                g.zero_();
            }
        }
    }

    /// <summary>The state kept for <paramref name="param"/>, or null before its first update.</summary>
    public ParameterState? state(Parameter param) => states.TryGetValue(param, out var s) ? s : null;

    /// <summary>Frees every state tensor. The parameters are not touched.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var s in states.Values) s.Dispose();
        states.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Throws when the optimizer was disposed.</summary>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);
}
