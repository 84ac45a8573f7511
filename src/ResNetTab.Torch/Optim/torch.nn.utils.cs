using ResNetTab.Torch.Modules;

namespace ResNetTab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Gradient utilities, as PyTorch's <c>torch.nn.utils</c>.</summary>
        public static partial class utils
        {
            /// <summary>
            /// Scales the gradients of <paramref name="parameters"/> in place so that their joint
            /// <paramref name="norm_type"/>-norm (∞ allowed) is at most <paramref name="max_norm"/>, as PyTorch
            /// 1.13: coefficient max_norm / (total + 1e-6), clamped to 1, computed in the gradients' dtype.
            /// Parameters without a gradient are ignored.
            /// </summary>
            /// <returns>The total norm of the gradients before clipping (0 when none has a gradient).</returns>
            public static double clip_grad_norm_(IEnumerable<Parameter> parameters, double max_norm, double norm_type = 2.0)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var grads = new List<Tensor>();
                foreach (var p in parameters)
                    if (p.grad is { } g) grads.Add(g);
                if (grads.Count == 0) return 0;

                Tensor total;
                if (double.IsPositiveInfinity(norm_type))
                {
                    var norms = grads.Select(g => g.abs().max()).ToList();
                    total = norms.Count == 1 ? norms[0] : stack(norms).max();
                }
                else
                {
                    total = stack(grads.Select(g => g.norm(norm_type)).ToList()).norm(norm_type);
                }
                var coef = (max_norm / (total + 1e-6)).clamp(max: 1.0);
                foreach (var g in grads) g.mul_(coef);
                return total.to(ScalarType.Float64).item<double>();
            }

            /// <summary>Clamps every gradient of <paramref name="parameters"/> to [-clip_value, clip_value] in place.</summary>
            public static void clip_grad_value_(IEnumerable<Parameter> parameters, double clip_value)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                foreach (var p in parameters)
                    if (p.grad is { } g) g.clamp_(-clip_value, clip_value);
            }
        }
    }
}
