using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Stateless neural-network operations, named and defaulted as PyTorch's <c>torch.nn.functional</c>.</summary>
        public static partial class functional
        {
            /// <summary>max(0, x) elementwise; with <paramref name="inplace"/> overwrites and returns <paramref name="input"/>.</summary>
            public static unsafe Tensor relu(Tensor input, bool inplace = false)
            {
                ArgumentNullException.ThrowIfNull(input);
                if (!inplace) return input.relu();
                Tensor.CallInPlace(&rt_relu_, input);
                return input;
            }

            /// <summary>Gaussian error linear unit; <paramref name="approximate"/> is "none" (exact, erf) or "tanh".</summary>
            public static Tensor gelu(Tensor input, string approximate = "none")
            {
                ArgumentNullException.ThrowIfNull(input);
                if (approximate is not ("none" or "tanh"))
                    throw new ArgumentException($"approximate must be 'none' or 'tanh', got '{approximate}'", nameof(approximate));
                return input.gelu(approximate);
            }

            /// <summary>1 / (1 + exp(−x)) elementwise.</summary>
            public static Tensor sigmoid(Tensor input) => (input ?? throw new ArgumentNullException(nameof(input))).sigmoid();

            /// <summary>Hyperbolic tangent elementwise.</summary>
            public static Tensor tanh(Tensor input) => (input ?? throw new ArgumentNullException(nameof(input))).tanh();

            /// <summary>Softmax over <paramref name="dim"/>, optionally computed in (and returning) <paramref name="dtype"/>.</summary>
            public static unsafe Tensor softmax(Tensor input, long dim, ScalarType? dtype = null)
            {
                ArgumentNullException.ThrowIfNull(input);
                NnInterop.Prepare();
                IntPtr r;
                Check(rt_softmax_dtype(input.Handle, dim, dtype is null ? -1 : (int)dtype.Value, &r));
                GC.KeepAlive(input);
                return Tensor.Wrap(r);
            }

            /// <summary>Log of the softmax over <paramref name="dim"/>, computed stably, optionally in <paramref name="dtype"/>.</summary>
            public static unsafe Tensor log_softmax(Tensor input, long dim, ScalarType? dtype = null)
            {
                ArgumentNullException.ThrowIfNull(input);
                NnInterop.Prepare();
                IntPtr r;
                Check(rt_log_softmax_dtype(input.Handle, dim, dtype is null ? -1 : (int)dtype.Value, &r));
                GC.KeepAlive(input);
                return Tensor.Wrap(r);
            }

            /// <summary>
            /// Zeroes each element with probability <paramref name="p"/> and scales the rest by 1/(1−p) when
            /// <paramref name="training"/>; the identity otherwise.
            /// </summary>
            public static unsafe Tensor dropout(Tensor input, double p = 0.5, bool training = true, bool inplace = false)
            {
                ArgumentNullException.ThrowIfNull(input);
                if (!(p >= 0 && p <= 1))
                    throw new ArgumentOutOfRangeException(nameof(p), p, $"dropout probability has to be between 0 and 1, but got {p}");
                NnInterop.Prepare();
                if (inplace)
                {
                    Check(rt_dropout_(input.Handle, p, training ? 1 : 0));
                    GC.KeepAlive(input);
                    return input;
                }
                IntPtr r;
                Check(rt_dropout(input.Handle, p, training ? 1 : 0, &r));
                GC.KeepAlive(input);
                return Tensor.Wrap(r);
            }
        }
    }
}
