using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Optimizers;

public abstract partial class Optimizer
{
    /// <summary>
    /// A snapshot of the state and the groups' hyper-parameters, with parameters numbered across the
    /// groups in order, as PyTorch's <c>state_dict()</c>. Unlike PyTorch, the tensors are copies, so
    /// later steps do not change the snapshot; they join the caller's dispose scope, if any.
    /// </summary>
    public OptimizerStateDict state_dict()
    {
        ThrowIfDisposed();
        var state = new Dictionary<int, ParameterStateDict>();
        var groupStates = new List<ParamGroupStateDict>();
        var index = 0;
        using var noGrad = no_grad();
        foreach (var group in groups)
        {
            var indices = new List<int>();
            foreach (var p in group.Parameters)
            {
                if (states.TryGetValue(p, out var s))
                {
                    var tensors = s.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value.clone(), StringComparer.Ordinal);
                    state[index] = new ParameterStateDict(
                        new Dictionary<string, double>(s.Scalars, StringComparer.Ordinal), tensors);
                }
                indices.Add(index++);
            }
            groupStates.Add(new ParamGroupStateDict(new Dictionary<string, double>(group.Options, StringComparer.Ordinal), indices));
        }
        return new OptimizerStateDict(state, groupStates);
    }

    /// <summary>
    /// Restores a snapshot taken from an optimizer of the same kind over parameters of the same shapes,
    /// grouped the same way: the groups' hyper-parameters are replaced and the state tensors copied
    /// (cast to each parameter's dtype and device). The snapshot stays owned by the caller.
    /// </summary>
    /// <exception cref="ArgumentException">The group layout or a state tensor's shape does not match.</exception>
    public void load_state_dict(OptimizerStateDict state_dict)
    {
        ArgumentNullException.ThrowIfNull(state_dict);
        ThrowIfDisposed();
        var saved = state_dict.param_groups;
        if (saved.Count != groups.Count)
            throw new ArgumentException($"loaded state dict has {saved.Count} parameter groups, the optimizer has {groups.Count}", nameof(state_dict));
        var byIndex = new Dictionary<int, Parameter>();
        for (var g = 0; g < groups.Count; g++)
        {
            if (saved[g].@params.Count != groups[g].Parameters.Count)
                throw new ArgumentException(
                    $"loaded state dict contains a parameter group ({g}) of {saved[g].@params.Count} parameters that doesn't match the size of optimizer's group ({groups[g].Parameters.Count})",
                    nameof(state_dict));
            for (var i = 0; i < saved[g].@params.Count; i++) byIndex[saved[g].@params[i]] = groups[g].Parameters[i];
        }
        foreach (var (i, s) in state_dict.state)
        {
            if (!byIndex.TryGetValue(i, out var p))
                throw new ArgumentException($"loaded state dict has state for parameter {i}, which no group holds", nameof(state_dict));
            foreach (var (name, t) in s.tensors)
                if (!t.shape.SequenceEqual(p.shape))
                    throw new ArgumentException(
                        $"state '{name}' of parameter {i} has shape [{string.Join(", ", t.shape)}], the parameter [{string.Join(", ", p.shape)}]",
                        nameof(state_dict));
        }

        var fresh = new Dictionary<Parameter, ParameterState>(ReferenceEqualityComparer.Instance);
        using (var scope = NewDisposeScope())
        using (var noGrad = no_grad())
        {
            foreach (var (i, s) in state_dict.state)
            {
                var p = byIndex[i];
                var ps = new ParameterState();
                foreach (var (name, value) in s.scalars) ps.SetScalar(name, value);
                foreach (var (name, t) in s.tensors) ps.Set(name, t.detach().to(p.dtype, p.device, copy: true));
                fresh[p] = ps;
            }
        }
        for (var g = 0; g < groups.Count; g++)
            foreach (var (name, value) in saved[g].options) groups[g][name] = value;
        foreach (var s in states.Values) s.Dispose();
        states.Clear();
        foreach (var (p, s) in fresh) states[p] = s;
    }
}
