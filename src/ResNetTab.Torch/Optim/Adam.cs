using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Optimizers;

/// <summary>
/// Adam with optional L2 weight decay (added to the gradient), AMSGrad and maximisation; the update
/// of PyTorch 1.13's <c>torch.optim.Adam</c>. Betas are the group options "beta1" and "beta2".
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Creates the optimizer over parameter groups; group options override the defaults given here.</summary>
    public Adam(IEnumerable<ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["beta1"] = beta1, ["beta2"] = beta2, ["eps"] = eps, ["weight_decay"] = weight_decay,
        })
    {
        this.amsgrad = amsgrad;
        this.maximize = maximize;
    }

    /// <summary>Creates the optimizer over one group of parameters.</summary>
    public Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : this(SingleGroup(parameters), lr, beta1, beta2, eps, weight_decay, amsgrad, maximize)
    {
    }

    /// <summary>Whether the AMSGrad variant (maximum of past second moments) is used.</summary>
    public bool amsgrad { get; }

    /// <summary>Whether the objective is maximised instead of minimised.</summary>
    public bool maximize { get; }

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group)
    {
        base.ValidateGroup(group);
        AdamUpdate.Validate(group);
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Parameter param, Tensor grad, ParameterState state) =>
        AdamUpdate.Apply(group, param, grad, state, amsgrad, maximize, decoupled: false);
}
