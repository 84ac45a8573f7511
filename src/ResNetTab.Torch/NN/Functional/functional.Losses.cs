using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>libtorch's reduction code for "none", "mean" or "sum".</summary>
            private static long ReductionCode(string reduction) => reduction switch
            {
                "none" => 0,
                "mean" => 1,
                "sum" => 2,
                _ => throw new ArgumentException($"reduction must be 'none', 'mean' or 'sum', got '{reduction}'", nameof(reduction)),
            };

            private static IntPtr HandleOrZero(Tensor? t) => t is null ? IntPtr.Zero : t.Handle;

            private static Tensor Finish(IntPtr result, params Tensor?[] keepAlive)
            {
                GC.KeepAlive(keepAlive);
                return Tensor.Wrap(result);
            }

            /// <summary>
            /// Cross-entropy between logits [N, C, …] and class indices [N, …] (int64) or class probabilities
            /// [N, C, …], with optional class <paramref name="weight"/>, <paramref name="ignore_index"/> and
            /// <paramref name="label_smoothing"/>, as PyTorch's <c>F.cross_entropy</c>.
            /// </summary>
            public static unsafe Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                string reduction = "mean", double label_smoothing = 0.0)
            {
                if (label_smoothing is < 0 or > 1)
                    throw new ArgumentOutOfRangeException(nameof(label_smoothing), label_smoothing, "label_smoothing must be in [0, 1]");
                IntPtr r;
                Check(rt_cross_entropy(input.Handle, target.Handle, HandleOrZero(weight), ReductionCode(reduction), ignore_index, label_smoothing, &r));
                return Finish(r, input, target, weight);
            }

            /// <summary>Negative log-likelihood of log-probabilities [N, C, …] at class indices [N, …], as <c>F.nll_loss</c>.</summary>
            public static unsafe Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, string reduction = "mean")
            {
                IntPtr r;
                Check(rt_nll_loss(input.Handle, target.Handle, HandleOrZero(weight), ReductionCode(reduction), ignore_index, &r));
                return Finish(r, input, target, weight);
            }

            /// <summary>Mean squared error (or its sum / elementwise values).</summary>
            public static unsafe Tensor mse_loss(Tensor input, Tensor target, string reduction = "mean")
            {
                IntPtr r;
                Check(rt_mse_loss(input.Handle, target.Handle, ReductionCode(reduction), &r));
                return Finish(r, input, target);
            }

            /// <summary>Mean absolute error (or its sum / elementwise values).</summary>
            public static unsafe Tensor l1_loss(Tensor input, Tensor target, string reduction = "mean")
            {
                IntPtr r;
                Check(rt_l1_loss(input.Handle, target.Handle, ReductionCode(reduction), &r));
                return Finish(r, input, target);
            }

            /// <summary>Huber-like loss: quadratic below <paramref name="beta"/>, linear above, as <c>F.smooth_l1_loss</c>.</summary>
            public static unsafe Tensor smooth_l1_loss(Tensor input, Tensor target, string reduction = "mean", double beta = 1.0)
            {
                if (beta < 0) throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be non-negative");
                IntPtr r;
                Check(rt_smooth_l1_loss(input.Handle, target.Handle, ReductionCode(reduction), beta, &r));
                return Finish(r, input, target);
            }

            /// <summary>Binary cross-entropy of probabilities in [0, 1] against targets in [0, 1].</summary>
            public static unsafe Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean")
            {
                IntPtr r;
                Check(rt_binary_cross_entropy(input.Handle, target.Handle, HandleOrZero(weight), ReductionCode(reduction), &r));
                return Finish(r, input, target, weight);
            }

            /// <summary>
            /// Binary cross-entropy on logits (numerically stable sigmoid + BCE), with an optional per-element
            /// <paramref name="weight"/> and a per-class <paramref name="pos_weight"/> for positives.
            /// </summary>
            public static unsafe Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null,
                string reduction = "mean", Tensor? pos_weight = null)
            {
                IntPtr r;
                Check(rt_binary_cross_entropy_with_logits(input.Handle, target.Handle, HandleOrZero(weight), HandleOrZero(pos_weight),
                    ReductionCode(reduction), &r));
                return Finish(r, input, target, weight, pos_weight);
            }
        }
    }
}
