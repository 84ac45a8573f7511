namespace ResNetTab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// In-place parameter initialisers, as PyTorch's <c>torch.nn.init</c>. Each runs under no_grad,
        /// draws from libtorch's default generator exactly as PyTorch does (so a seeded run gives the same
        /// values), and returns the tensor it filled.
        /// </summary>
        public static partial class init
        {
            /// <summary>
            /// The recommended gain for a nonlinearity: 1 for linear/conv*/sigmoid, 5/3 for tanh, √2 for relu,
            /// √(2 / (1 + slope²)) for leaky_relu (slope <paramref name="param"/>, default 0.01), 3/4 for selu.
            /// </summary>
            public static double calculate_gain(string nonlinearity, double? param = null)
            {
                ArgumentNullException.ThrowIfNull(nonlinearity);
                switch (nonlinearity)
                {
                    case "linear" or "conv1d" or "conv2d" or "conv3d" or "conv_transpose1d" or "conv_transpose2d" or "conv_transpose3d" or "sigmoid":
                        return 1;
                    case "tanh":
                        return 5.0 / 3;
                    case "relu":
                        return Math.Sqrt(2.0);
                    case "leaky_relu":
                        var slope = param ?? 0.01;
                        if (!double.IsFinite(slope)) throw new ArgumentException($"negative_slope {slope} not a valid number", nameof(param));
                        return Math.Sqrt(2.0 / (1 + slope * slope));
                    case "selu":
                        return 3.0 / 4;
                    default:
                        throw new ArgumentException($"Unsupported nonlinearity {nonlinearity}", nameof(nonlinearity));
                }
            }

            /// <summary>
            /// (fan_in, fan_out) of a weight as PyTorch computes them: size(1)·receptive field and
            /// size(0)·receptive field, where the receptive field is the product of dimensions 2 and up.
            /// </summary>
            /// <exception cref="ArgumentException">The tensor has fewer than 2 dimensions.</exception>
            public static (long fan_in, long fan_out) calculate_fan_in_and_fan_out(Tensor tensor)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                var shape = tensor.shape;
                if (shape.Length < 2)
                    throw new ArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions", nameof(tensor));
                long receptive = 1;
                for (var i = 2; i < shape.Length; i++) receptive *= shape[i];
                return (shape[1] * receptive, shape[0] * receptive);
            }

            private static long CorrectFan(Tensor tensor, string mode)
            {
                ArgumentNullException.ThrowIfNull(mode);
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                return mode.ToLowerInvariant() switch
                {
                    "fan_in" => fanIn,
                    "fan_out" => fanOut,
                    _ => throw new ArgumentException($"Mode {mode} not supported, please use one of fan_in, fan_out", nameof(mode)),
                };
            }

            /// <summary>Fills with values drawn from U(<paramref name="a"/>, <paramref name="b"/>).</summary>
            public static Tensor uniform_(Tensor tensor, double a = 0.0, double b = 1.0)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                using var noGrad = no_grad();
                return tensor.uniform_(a, b);
            }

            /// <summary>Fills with values drawn from N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
            public static Tensor normal_(Tensor tensor, double mean = 0.0, double std = 1.0)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                using var noGrad = no_grad();
                return tensor.normal_(mean, std);
            }

            /// <summary>Fills with <paramref name="val"/>.</summary>
            public static Tensor constant_(Tensor tensor, double val)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                using var noGrad = no_grad();
                return tensor.fill_(val);
            }

            /// <summary>Fills with ones.</summary>
            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1.0);

            /// <summary>Fills with zeros.</summary>
            public static Tensor zeros_(Tensor tensor)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                using var noGrad = no_grad();
                return tensor.zero_();
            }

            /// <summary>Glorot uniform: U(−a, a) with a = gain·√(6 / (fan_in + fan_out)).</summary>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1.0)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                var std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
                var a = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -a, a);
            }

            /// <summary>Glorot normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)).</summary>
            public static Tensor xavier_normal_(Tensor tensor, double gain = 1.0)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                var std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
                return normal_(tensor, 0.0, std);
            }

            /// <summary>
            /// He uniform: U(−bound, bound) with bound = √3·gain/√fan, gain = calculate_gain(<paramref name="nonlinearity"/>, <paramref name="a"/>)
            /// and fan chosen by <paramref name="mode"/> ("fan_in" or "fan_out"). A tensor with no elements is left as is.
            /// </summary>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
            {
                ArgumentNullException.ThrowIfNull(tensor);
                if (tensor.numel() == 0) return tensor;
                var fan = CorrectFan(tensor, mode);
                var gain = calculate_gain(nonlinearity, a);
                var std = gain / Math.Sqrt(fan);
                var bound = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -bound, bound);
            }

            /// <summary>He normal: N(0, std²) with std = gain/√fan (see <see cref="kaiming_uniform_"/>). A tensor with no elements is left as is.</summary>
            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
            {
                ArgumentNullException.ThrowIfNull(tensor);
                if (tensor.numel() == 0) return tensor;
                var fan = CorrectFan(tensor, mode);
                var gain = calculate_gain(nonlinearity, a);
                var std = gain / Math.Sqrt(fan);
                return normal_(tensor, 0.0, std);
            }
        }
    }
}
