using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>2-D convolution over [N, C_in, H, W] or [C_in, H, W] input (PyTorch's nn.Conv2d).</summary>
    public sealed class Conv2d : ConvNd
    {
        /// <summary>Creates the layer with a square kernel and the same stride, padding and dilation in both dimensions.</summary>
        public Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1, long groups = 1,
            bool bias = true, string padding_mode = "zeros", Device? device = null, ScalarType? dtype = null)
            : base(nameof(Conv2d), in_channels, out_channels, [kernel_size, kernel_size], [stride, stride], [padding, padding], null,
                [dilation, dilation], groups, bias, padding_mode, device, dtype)
        {
        }

        /// <summary>Creates the layer with per-dimension (height, width) kernel size, stride, padding and dilation.</summary>
        public Conv2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null,
            (long, long)? dilation = null, long groups = 1, bool bias = true, string padding_mode = "zeros", Device? device = null, ScalarType? dtype = null)
            : base(nameof(Conv2d), in_channels, out_channels, Pair(kernel_size), Pair(stride ?? (1, 1)), Pair(padding ?? (0, 0)), null,
                Pair(dilation ?? (1, 1)), groups, bias, padding_mode, device, dtype)
        {
        }

        /// <summary>Creates the layer with padding "valid" (none) or "same" (output size = input size; stride 1 only).</summary>
        public Conv2d(long in_channels, long out_channels, long kernel_size, string padding, long stride = 1, long dilation = 1, long groups = 1,
            bool bias = true, string padding_mode = "zeros", Device? device = null, ScalarType? dtype = null)
            : base(nameof(Conv2d), in_channels, out_channels, [kernel_size, kernel_size], [stride, stride], [0, 0], padding,
                [dilation, dilation], groups, bias, padding_mode, device, dtype)
        {
        }

        private static long[] Pair((long, long) value) => [value.Item1, value.Item2];
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A 2-D convolution layer (see <see cref="Modules.Conv2d"/>).</summary>
            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
                long groups = 1, bool bias = true, string padding_mode = "zeros", Device? device = null, ScalarType? dtype = null) =>
                new(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode, device, dtype);

            /// <summary>A 2-D convolution layer with per-dimension (height, width) settings.</summary>
            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long)? stride = null,
                (long, long)? padding = null, (long, long)? dilation = null, long groups = 1, bool bias = true, string padding_mode = "zeros",
                Device? device = null, ScalarType? dtype = null) =>
                new(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode, device, dtype);

            /// <summary>A 2-D convolution layer with padding "valid" or "same".</summary>
            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, string padding, long stride = 1, long dilation = 1,
                long groups = 1, bool bias = true, string padding_mode = "zeros", Device? device = null, ScalarType? dtype = null) =>
                new(in_channels, out_channels, kernel_size, padding, stride, dilation, groups, bias, padding_mode, device, dtype);
        }
    }
}
