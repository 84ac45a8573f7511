using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Models.Training;

/// <summary>
/// TorchSharp.s <see cref="AdamW"/> (decoupled weight decay; with weight decay 0 it is Adam) whose step updates
/// each float32 CPU parameter in one SIMD pass over parameter, gradient and both moments, instead of eight tensor
/// operations that each stream the arrays through memory again. The state (step count, first and second moments) is
/// AdamW's own, so checkpoints, <c>state_dict</c> and learning-rate schedules work unchanged; parameters on other
/// devices or of other types, and groups with AMSGrad or maximize, take AdamW's tensor path.
/// </summary>
public sealed class FusedAdamW : AdamW
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="parameters">The parameters to optimise.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="eps">Added to the denominator.</param>
    /// <param name="weightDecay">Decoupled weight decay (0: Adam).</param>
    public FusedAdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01)
        : base(parameters, lr, beta1, beta2, eps, weightDecay)
    {
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null)
    {
        if (_parameter_groups.Any(g => g.Options is Options { amsgrad: true } or Options { maximize: true })) return base.step(closure!);
        Tensor? loss = null;
        if (closure is not null)
        {
            using (enable_grad()) loss = closure();
        }
        using (no_grad())
        {
            foreach (var group in _parameter_groups)
            {
                var options = (Options)group.Options;
                var hyper = new Hyper(options.LearningRate!.Value, options.beta1!.Value, options.beta2!.Value, options.eps!.Value, options.weight_decay!.Value);
                foreach (var parameter in group.Parameters)
                {
                    using var grad = parameter.grad;
                    if (grad is null) continue;
                    var state = (State)_state[parameter.Handle];
                    state.step += 1;
                    if (Fusable(parameter, grad, state)) UpdateFused(parameter, grad, state, hyper);
                    else UpdateTensors(parameter, grad, state, hyper);
                }
            }
        }
        return loss!;
    }

    private readonly record struct Hyper(double Lr, double Beta1, double Beta2, double Eps, double WeightDecay);

    private static bool Fusable(Tensor parameter, Tensor grad, State state) =>
        parameter.device_type == TorchSharp.DeviceType.CPU && parameter.dtype == ScalarType.Float32 && grad.dtype == ScalarType.Float32
        && parameter.is_contiguous() && grad.is_contiguous() && state.exp_avg.is_contiguous() && state.exp_avg_sq.is_contiguous()
        && grad.numel() == parameter.numel();

    private static void UpdateFused(Tensor parameter, Tensor grad, State state, Hyper h)
    {
        var p = MemoryMarshal.Cast<byte, float>(parameter.bytes);
        var g = MemoryMarshal.Cast<byte, float>(grad.bytes);
        var m = MemoryMarshal.Cast<byte, float>(state.exp_avg.bytes);
        var v = MemoryMarshal.Cast<byte, float>(state.exp_avg_sq.bytes);
        var decay = (float)(1 - (h.Lr * h.WeightDecay));
        float beta1 = (float)h.Beta1, rest1 = (float)(1 - h.Beta1), beta2 = (float)h.Beta2, rest2 = (float)(1 - h.Beta2);
        var correction2 = (float)Math.Sqrt(1 - Math.Pow(h.Beta2, state.step));
        var stepSize = (float)(h.Lr / (1 - Math.Pow(h.Beta1, state.step)));
        var eps = (float)h.Eps;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<float>.Count;
            for (; i <= p.Length - width; i += width)
            {
                var gi = new Vector<float>(g[i..]);
                var mi = (new Vector<float>(m[i..]) * beta1) + (gi * rest1);
                var vi = (new Vector<float>(v[i..]) * beta2) + (gi * gi * rest2);
                var denominator = (Vector.SquareRoot(vi) / correction2) + new Vector<float>(eps);
                var pi = (new Vector<float>(p[i..]) * decay) - (mi * stepSize / denominator);
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                pi.CopyTo(p[i..]);
            }
        }
        for (; i < p.Length; i++)
        {
            var gi = g[i];
            m[i] = (m[i] * beta1) + (gi * rest1);
            v[i] = (v[i] * beta2) + (gi * gi * rest2);
            p[i] = (p[i] * decay) - (m[i] * stepSize / ((MathF.Sqrt(v[i]) / correction2) + eps));
        }
    }

    // AdamW's own tensor operations, for parameters the fused pass does not handle.
    private static void UpdateTensors(Tensor parameter, Tensor grad, State state, Hyper h)
    {
        using var scope = NewDisposeScope();
        parameter.mul_(1 - (h.Lr * h.WeightDecay));
        state.exp_avg.mul_(h.Beta1).add_(grad, alpha: 1 - h.Beta1);
        state.exp_avg_sq.mul_(h.Beta2).addcmul_(grad, grad, value: 1 - h.Beta2);
        var denominator = (state.exp_avg_sq.sqrt() / Math.Sqrt(1 - Math.Pow(h.Beta2, state.step))).add_(h.Eps);
        parameter.addcdiv_(state.exp_avg, denominator, value: -(h.Lr / (1 - Math.Pow(h.Beta1, state.step))));
    }
}
