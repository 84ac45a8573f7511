using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>Divides <paramref name="input"/> by its <paramref name="p"/>-norm over <paramref name="dim"/>, clamped below by <paramref name="eps"/>.</summary>
            public static unsafe Tensor normalize(Tensor input, double p = 2.0, long dim = 1, double eps = 1e-12)
            {
                ArgumentNullException.ThrowIfNull(input);
                NnInterop.Prepare();
                IntPtr r;
                Check(rt_normalize(input.Handle, p, dim, eps, &r));
                GC.KeepAlive(input);
                return Tensor.Wrap(r);
            }

            /// <summary>
            /// Pads the last dimensions: <paramref name="pad"/> holds (left, right) pairs starting from the last
            /// dimension. <paramref name="mode"/> is "constant" (filled with <paramref name="value"/>), "reflect",
            /// "replicate" or "circular".
            /// </summary>
            public static unsafe Tensor pad(Tensor input, long[] pad, string mode = "constant", double value = 0.0)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(pad);
                if (pad.Length % 2 != 0) throw new ArgumentException($"Padding length must be divisible by 2, got {pad.Length}", nameof(pad));
                var code = mode switch
                {
                    "constant" => 0,
                    "reflect" => 1,
                    "replicate" => 2,
                    "circular" => 3,
                    _ => throw new ArgumentException($"Unrecognised padding mode '{mode}'; expected constant, reflect, replicate or circular", nameof(mode)),
                };
                if (code != 0 && value != 0)
                    throw new ArgumentException($"Padding mode \"{mode}\" doesn't take in value argument", nameof(value));
                NnInterop.Prepare();
                IntPtr r;
                fixed (long* pp = pad)
                    Check(rt_pad(input.Handle, pp, pad.Length, code, value, &r));
                GC.KeepAlive(input);
                return Tensor.Wrap(r);
            }

            /// <summary>Int64 one-hot encoding with a new last dimension of <paramref name="num_classes"/> (−1: max + 1).</summary>
            public static unsafe Tensor one_hot(Tensor tensor, long num_classes = -1)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                if (tensor.dtype != ScalarType.Int64)
                    throw new ArgumentException($"one_hot is only applicable to index tensors (Int64), got {tensor.dtype}", nameof(tensor));
                NnInterop.Prepare();
                IntPtr r;
                Check(rt_one_hot(tensor.Handle, num_classes, &r));
                GC.KeepAlive(tensor);
                return Tensor.Wrap(r);
            }

            /// <summary>Cosine similarity of <paramref name="x1"/> and <paramref name="x2"/> along <paramref name="dim"/> (broadcasting).</summary>
            public static unsafe Tensor cosine_similarity(Tensor x1, Tensor x2, long dim = 1, double eps = 1e-8)
            {
                ArgumentNullException.ThrowIfNull(x1);
                ArgumentNullException.ThrowIfNull(x2);
                NnInterop.Prepare();
                IntPtr r;
                Check(rt_cosine_similarity(x1.Handle, x2.Handle, dim, eps, &r));
                GC.KeepAlive(x1);
                GC.KeepAlive(x2);
                return Tensor.Wrap(r);
            }
        }
    }
}
