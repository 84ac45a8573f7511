using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, weight decay and
/// maximisation; the update of PyTorch 1.13's <c>torch.optim.SGD</c> operation for operation.
/// </summary>
public sealed class SGD : Optimizer
{
    /// <summary>Creates the optimizer over parameter groups; group options override the defaults given here.</summary>
    public SGD(IEnumerable<ParamGroup> groups, double lr, double momentum = 0, double dampening = 0,
        double weight_decay = 0, bool nesterov = false, bool maximize = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["momentum"] = momentum, ["dampening"] = dampening, ["weight_decay"] = weight_decay,
        })
    {
        this.nesterov = nesterov;
        this.maximize = maximize;
        if (nesterov)
            foreach (var g in param_groups)
                if (g["momentum"] <= 0 || g["dampening"] != 0)
                    throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
    }

    /// <summary>Creates the optimizer over one group of parameters.</summary>
    public SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0,
        double weight_decay = 0, bool nesterov = false, bool maximize = false)
        : this(SingleGroup(parameters), lr, momentum, dampening, weight_decay, nesterov, maximize)
    {
    }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool nesterov { get; }

    /// <summary>Whether the objective is maximised instead of minimised.</summary>
    public bool maximize { get; }

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group)
    {
        base.ValidateGroup(group);
        if (group["momentum"] < 0) throw new ArgumentException($"Invalid momentum value: {group["momentum"]}");
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Parameter param, Tensor grad, ParameterState state)
    {
        var momentum = group["momentum"];
        var weightDecay = group.weight_decay;
        var dp = maximize ? -grad : grad;
        if (weightDecay != 0) dp = dp.add(param, weightDecay);
        if (momentum != 0)
        {
            var buf = state.Get("momentum_buffer");
            if (buf is null)
            {
                // PyTorch seeds the buffer with a detached copy of the first (decayed) gradient.
                buf = state.Set("momentum_buffer", dp.clone().detach());
            }
            else
            {
                buf.mul_(momentum).add_(dp, 1 - group["dampening"]);
            }
            dp = nesterov ? dp.add(buf, momentum) : buf;
        }
        param.add_(dp, -group.lr);
    }
}
