using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>1-D convolution over [N, C_in, L] or [C_in, L] input (PyTorch's nn.Conv1d).</summary>
    public sealed class Conv1d : ConvNd
    {
        /// <summary>Creates the layer with explicit zero padding.</summary>
        public Conv1d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1, long groups = 1,
            bool bias = true, string padding_mode = "zeros", Device? device = null, ScalarType? dtype = null)
            : base(nameof(Conv1d), in_channels, out_channels, [kernel_size], [stride], [padding], null, [dilation], groups, bias, padding_mode, device, dtype)
        {
        }

        /// <summary>Creates the layer with padding "valid" (none) or "same" (output length = input length; stride 1 only).</summary>
        public Conv1d(long in_channels, long out_channels, long kernel_size, string padding, long stride = 1, long dilation = 1, long groups = 1,
            bool bias = true, string padding_mode = "zeros", Device? device = null, ScalarType? dtype = null)
            : base(nameof(Conv1d), in_channels, out_channels, [kernel_size], [stride], [0], padding, [dilation], groups, bias, padding_mode, device, dtype)
        {
        }
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A 1-D convolution layer (see <see cref="Modules.Conv1d"/>).</summary>
            public static Modules.Conv1d Conv1d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
                long groups = 1, bool bias = true, string padding_mode = "zeros", Device? device = null, ScalarType? dtype = null) =>
                new(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias, padding_mode, device, dtype);

            /// <summary>A 1-D convolution layer with padding "valid" or "same".</summary>
            public static Modules.Conv1d Conv1d(long in_channels, long out_channels, long kernel_size, string padding, long stride = 1, long dilation = 1,
                long groups = 1, bool bias = true, string padding_mode = "zeros", Device? device = null, ScalarType? dtype = null) =>
                new(in_channels, out_channels, kernel_size, padding, stride, dilation, groups, bias, padding_mode, device, dtype);
        }
    }
}
