using System.Globalization;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>Shared checks and formatting of the 2-D pooling layers.</summary>
    internal static class Pool2d
    {
        internal static void CheckInput(string name, Tensor input)
        {
            ArgumentNullException.ThrowIfNull(input);
            var shape = input.shape;
            if (shape.Length is not (3 or 4))
                throw new ArgumentException($"{name} expected a 3D [C, H, W] or 4D [N, C, H, W] input, got shape {NnInterop.Shape(shape)}", nameof(input));
        }

        internal static long[] Pair(long value) => [value, value];

        internal static long[] Pair((long, long) value) => [value.Item1, value.Item2];

        internal static string Repr(long value) => value.ToString(CultureInfo.InvariantCulture);

        internal static string Repr((long, long) value) => NnInterop.Tuple([value.Item1, value.Item2]);
    }

    /// <summary>2-D max pooling (PyTorch's nn.MaxPool2d); the stride defaults to the window size.</summary>
    public sealed class MaxPool2d : nn.Module<Tensor, Tensor>
    {
        [NotAComponent] private readonly string repr;

        /// <summary>Creates the layer with a square window.</summary>
        public MaxPool2d(long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) : base(nameof(MaxPool2d))
        {
            var s = stride ?? kernel_size;
            (this.kernel_size, this.stride, this.padding, this.dilation, this.ceil_mode) =
                (Pool2d.Pair(kernel_size), Pool2d.Pair(s), Pool2d.Pair(padding), Pool2d.Pair(dilation), ceil_mode);
            repr = $"kernel_size={kernel_size}, stride={s}, padding={padding}, dilation={dilation}, ceil_mode={NnInterop.Bool(ceil_mode)}";
        }

        /// <summary>Creates the layer with per-dimension (height, width) window, stride, padding and dilation.</summary>
        public MaxPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null, (long, long)? dilation = null, bool ceil_mode = false)
            : base(nameof(MaxPool2d))
        {
            var s = stride ?? kernel_size;
            var p = padding ?? (0, 0);
            var d = dilation ?? (1, 1);
            (this.kernel_size, this.stride, this.padding, this.dilation, this.ceil_mode) =
                (Pool2d.Pair(kernel_size), Pool2d.Pair(s), Pool2d.Pair(p), Pool2d.Pair(d), ceil_mode);
            repr = $"kernel_size={Pool2d.Repr(kernel_size)}, stride={Pool2d.Repr(s)}, padding={(padding is null ? "0" : Pool2d.Repr(p))}, " +
                   $"dilation={(dilation is null ? "1" : Pool2d.Repr(d))}, ceil_mode={NnInterop.Bool(ceil_mode)}";
        }

        /// <summary>Window size (height, width).</summary>
        public long[] kernel_size { get; }

        /// <summary>Stride (height, width).</summary>
        public long[] stride { get; }

        /// <summary>Implicit negative-infinity padding (height, width).</summary>
        public long[] padding { get; }

        /// <summary>Spacing between window elements (height, width).</summary>
        public long[] dilation { get; }

        /// <summary>Whether the output size is rounded up instead of down.</summary>
        public bool ceil_mode { get; }

        /// <summary>Pools a [C, H, W] or [N, C, H, W] input.</summary>
        /// <exception cref="ArgumentException">The input is not 3D or 4D.</exception>
        public override Tensor forward(Tensor input)
        {
            Pool2d.CheckInput(Name, input);
            return nn.functional.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode);
        }

        /// <inheritdoc />
        protected override string extra_repr() => repr;
    }

    /// <summary>2-D average pooling (PyTorch's nn.AvgPool2d); the stride defaults to the window size.</summary>
    public sealed class AvgPool2d : nn.Module<Tensor, Tensor>
    {
        [NotAComponent] private readonly string repr;

        /// <summary>Creates the layer with a square window.</summary>
        public AvgPool2d(long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null)
            : base(nameof(AvgPool2d))
        {
            var s = stride ?? kernel_size;
            (this.kernel_size, this.stride, this.padding) = (Pool2d.Pair(kernel_size), Pool2d.Pair(s), Pool2d.Pair(padding));
            (this.ceil_mode, this.count_include_pad, this.divisor_override) = (ceil_mode, count_include_pad, divisor_override);
            repr = $"kernel_size={kernel_size}, stride={s}, padding={padding}";
        }

        /// <summary>Creates the layer with per-dimension (height, width) window, stride and padding.</summary>
        public AvgPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null, bool ceil_mode = false, bool count_include_pad = true,
            long? divisor_override = null) : base(nameof(AvgPool2d))
        {
            var s = stride ?? kernel_size;
            var p = padding ?? (0, 0);
            (this.kernel_size, this.stride, this.padding) = (Pool2d.Pair(kernel_size), Pool2d.Pair(s), Pool2d.Pair(p));
            (this.ceil_mode, this.count_include_pad, this.divisor_override) = (ceil_mode, count_include_pad, divisor_override);
            repr = $"kernel_size={Pool2d.Repr(kernel_size)}, stride={Pool2d.Repr(s)}, padding={(padding is null ? "0" : Pool2d.Repr(p))}";
        }

        /// <summary>Window size (height, width).</summary>
        public long[] kernel_size { get; }

        /// <summary>Stride (height, width).</summary>
        public long[] stride { get; }

        /// <summary>Implicit zero padding (height, width).</summary>
        public long[] padding { get; }

        /// <summary>Whether the output size is rounded up instead of down.</summary>
        public bool ceil_mode { get; }

        /// <summary>Whether the zero padding counts in the average's denominator.</summary>
        public bool count_include_pad { get; }

        /// <summary>A fixed divisor replacing the window size, or null.</summary>
        public long? divisor_override { get; }

        /// <summary>Pools a [C, H, W] or [N, C, H, W] input.</summary>
        /// <exception cref="ArgumentException">The input is not 3D or 4D.</exception>
        public override Tensor forward(Tensor input)
        {
            Pool2d.CheckInput(Name, input);
            return nn.functional.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override);
        }

        /// <inheritdoc />
        protected override string extra_repr() => repr;
    }

    /// <summary>Average pooling to a fixed output size whatever the input size (PyTorch's nn.AdaptiveAvgPool2d).</summary>
    public sealed class AdaptiveAvgPool2d : nn.Module<Tensor, Tensor>
    {
        [NotAComponent] private readonly string repr;

        /// <summary>Creates the layer with a square output.</summary>
        public AdaptiveAvgPool2d(long output_size) : base(nameof(AdaptiveAvgPool2d))
        {
            this.output_size = (output_size, output_size);
            repr = $"output_size={output_size}";
        }

        /// <summary>Creates the layer with output (height, width); a null entry keeps the input's size.</summary>
        public AdaptiveAvgPool2d((long? height, long? width) output_size) : base(nameof(AdaptiveAvgPool2d))
        {
            this.output_size = output_size;
            static string R(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "None";
            repr = $"output_size=({R(output_size.height)}, {R(output_size.width)})";
        }

        /// <summary>Output (height, width); null keeps the input's size.</summary>
        public (long? height, long? width) output_size { get; }

        /// <summary>Pools a [C, H, W] or [N, C, H, W] input.</summary>
        /// <exception cref="ArgumentException">The input is not 3D or 4D.</exception>
        public override Tensor forward(Tensor input)
        {
            Pool2d.CheckInput(Name, input);
            return nn.functional.adaptive_avg_pool2d(input, output_size);
        }

        /// <inheritdoc />
        protected override string extra_repr() => repr;
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A 2-D max-pooling layer with a square window.</summary>
            public static Modules.MaxPool2d MaxPool2d(long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                new(kernel_size, stride, padding, dilation, ceil_mode);

            /// <summary>A 2-D max-pooling layer with per-dimension settings.</summary>
            public static Modules.MaxPool2d MaxPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null,
                (long, long)? dilation = null, bool ceil_mode = false) => new(kernel_size, stride, padding, dilation, ceil_mode);

            /// <summary>A 2-D average-pooling layer with a square window.</summary>
            public static Modules.AvgPool2d AvgPool2d(long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false,
                bool count_include_pad = true, long? divisor_override = null) => new(kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override);

            /// <summary>A 2-D average-pooling layer with per-dimension settings.</summary>
            public static Modules.AvgPool2d AvgPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null, bool ceil_mode = false,
                bool count_include_pad = true, long? divisor_override = null) => new(kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override);

            /// <summary>A 2-D adaptive average-pooling layer with a square output.</summary>
            public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d(long output_size) => new(output_size);

            /// <summary>A 2-D adaptive average-pooling layer with output (height, width); null keeps the input's size.</summary>
            public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d((long? height, long? width) output_size) => new(output_size);
        }
    }
}
