using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Optimizers;

/// <summary>
/// RMSprop with optional weight decay, momentum, centring and maximisation; the update of PyTorch
/// 1.13's <c>torch.optim.RMSprop</c> operation for operation.
/// </summary>
public sealed class RMSprop : Optimizer
{
    /// <summary>Creates the optimizer over parameter groups; group options override the defaults given here.</summary>
    public RMSprop(IEnumerable<ParamGroup> groups, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
        double weight_decay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : base(groups, new Dictionary<string, double>
        {
            ["lr"] = lr, ["alpha"] = alpha, ["eps"] = eps, ["weight_decay"] = weight_decay, ["momentum"] = momentum,
        })
    {
        this.centered = centered;
        this.maximize = maximize;
    }

    /// <summary>Creates the optimizer over one group of parameters.</summary>
    public RMSprop(IEnumerable<Parameter> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
        double weight_decay = 0, double momentum = 0, bool centered = false, bool maximize = false)
        : this(SingleGroup(parameters), lr, alpha, eps, weight_decay, momentum, centered, maximize)
    {
    }

    /// <summary>Whether the second moment is centred by the running mean of the gradient.</summary>
    public bool centered { get; }

    /// <summary>Whether the objective is maximised instead of minimised.</summary>
    public bool maximize { get; }

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group)
    {
        base.ValidateGroup(group);
        if (group["eps"] < 0) throw new ArgumentException($"Invalid epsilon value: {group["eps"]}");
        if (group["momentum"] < 0) throw new ArgumentException($"Invalid momentum value: {group["momentum"]}");
        if (group["alpha"] < 0) throw new ArgumentException($"Invalid alpha value: {group["alpha"]}");
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Parameter param, Tensor grad, ParameterState state)
    {
        var alpha = group["alpha"];
        var momentum = group["momentum"];
        var weightDecay = group.weight_decay;

        var squareAvg = state.Get("square_avg") ?? state.Set("square_avg", zeros_like(param));
        var buf = momentum > 0 ? state.Get("momentum_buffer") ?? state.Set("momentum_buffer", zeros_like(param)) : null;
        var gradAvg = centered ? state.Get("grad_avg") ?? state.Set("grad_avg", zeros_like(param)) : null;
        state.SetScalar("step", state.Scalar("step") + 1);

        var g = maximize ? -grad : grad;
        if (weightDecay != 0) g = g.add(param, weightDecay);

        squareAvg.mul_(alpha).addcmul_(g, g, 1 - alpha);
        Tensor avg;
        if (gradAvg is not null)
        {
            gradAvg.mul_(alpha).add_(g, 1 - alpha);
            avg = squareAvg.clone().addcmul_(gradAvg, gradAvg, -1).sqrt_();
        }
        else
        {
            avg = squareAvg.sqrt();
        }
        avg.add_(group["eps"]);

        if (buf is not null)
        {
            buf.mul_(momentum).addcdiv_(g, avg);
            param.add_(buf, -group.lr);
        }
        else
        {
            param.addcdiv_(g, avg, -group.lr);
        }
    }
}
