using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Optimizers;

/// <summary>
/// A snapshot of an optimizer, shaped like PyTorch's <c>optimizer.state_dict()</c>: per-parameter state
/// keyed by the parameter's index (counted across groups in order) and each group's hyper-parameters
/// with the indices of its parameters. The tensors are copies owned by this object (they join the
/// caller's dispose scope, if any): dispose it, or its scope, when done.
/// </summary>
/// <param name="state">Per-parameter state by parameter index; parameters never stepped have no entry.</param>
/// <param name="param_groups">The groups, in order.</param>
public sealed record OptimizerStateDict(
    IReadOnlyDictionary<int, ParameterStateDict> state,
    IReadOnlyList<ParamGroupStateDict> param_groups) : IDisposable
{
    /// <summary>Disposes every state tensor of the snapshot.</summary>
    public void Dispose()
    {
        foreach (var s in state.Values)
            foreach (var t in s.tensors.Values) t.Dispose();
    }
}

/// <summary>The state of one parameter: scalars (such as "step") and tensors (such as "exp_avg").</summary>
/// <param name="scalars">Numeric state by PyTorch's name.</param>
/// <param name="tensors">Tensor state by PyTorch's name.</param>
public sealed record ParameterStateDict(
    IReadOnlyDictionary<string, double> scalars,
    IReadOnlyDictionary<string, Tensor> tensors);

/// <summary>One parameter group: its hyper-parameters and the indices of its parameters.</summary>
/// <param name="options">Hyper-parameters by PyTorch's name.</param>
/// <param name="params">Indices of the group's parameters.</param>
public sealed record ParamGroupStateDict(
    IReadOnlyDictionary<string, double> options,
    IReadOnlyList<int> @params);
