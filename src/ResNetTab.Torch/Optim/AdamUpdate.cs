using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Optimizers;

/// <summary>The moment updates shared by <see cref="Adam"/> and <see cref="AdamW"/> (PyTorch 1.13's single-tensor path).</summary>
internal static class AdamUpdate
{
    /// <summary>Validates the betas and eps of a group.</summary>
    internal static void Validate(ParamGroup group)
    {
        if (group["eps"] < 0) throw new ArgumentException($"Invalid epsilon value: {group["eps"]}");
        if (group["beta1"] is < 0 or >= 1) throw new ArgumentException($"Invalid beta parameter at index 0: {group["beta1"]}");
        if (group["beta2"] is < 0 or >= 1) throw new ArgumentException($"Invalid beta parameter at index 1: {group["beta2"]}");
    }

    /// <summary>
    /// One step on <paramref name="param"/>: L2 weight decay folded into the gradient (Adam) or decoupled
    /// decay of the parameter (AdamW), then the bias-corrected moment update.
    /// </summary>
    internal static void Apply(ParamGroup group, Parameter param, Tensor grad, ParameterState state,
        bool amsgrad, bool maximize, bool decoupled)
    {
        var lr = group.lr;
        var beta1 = group["beta1"];
        var beta2 = group["beta2"];
        var eps = group["eps"];
        var weightDecay = group.weight_decay;

        var expAvg = state.Get("exp_avg") ?? state.Set("exp_avg", zeros_like(param));
        var expAvgSq = state.Get("exp_avg_sq") ?? state.Set("exp_avg_sq", zeros_like(param));
        var maxExpAvgSq = amsgrad ? state.Get("max_exp_avg_sq") ?? state.Set("max_exp_avg_sq", zeros_like(param)) : null;

        var g = maximize ? -grad : grad;
        var step = state.Scalar("step") + 1;
        state.SetScalar("step", step);

        if (decoupled) param.mul_(1 - lr * weightDecay);
        else if (weightDecay != 0) g = g.add(param, weightDecay);

        expAvg.mul_(beta1).add_(g, 1 - beta1);
        expAvgSq.mul_(beta2).addcmul_(g, g, 1 - beta2);

        // Bias corrections in double from the step count, as PyTorch's non-capturable path.
        var biasCorrection1 = 1 - Math.Pow(beta1, step);
        var biasCorrection2 = 1 - Math.Pow(beta2, step);
        var stepSize = lr / biasCorrection1;
        var biasCorrection2Sqrt = Math.Sqrt(biasCorrection2);

        Tensor denom;
        if (maxExpAvgSq is not null)
        {
            maxExpAvgSq.copy_(maxExpAvgSq.maximum(expAvgSq));
            denom = (maxExpAvgSq.sqrt() / biasCorrection2Sqrt).add_(eps);
        }
        else
        {
            denom = (expAvgSq.sqrt() / biasCorrection2Sqrt).add_(eps);
        }
        param.addcdiv_(expAvg, denom, -stepSize);
    }
}
