using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>2-D max pooling with a square window; <paramref name="stride"/> defaults to the window size.</summary>
            public static Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                MaxPool2dCore(input, [kernel_size, kernel_size], stride is long s ? [s, s] : [], [padding, padding], [dilation, dilation], ceil_mode);

            /// <summary>2-D max pooling with per-dimension (height, width) window, stride, padding and dilation.</summary>
            public static Tensor max_pool2d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false) =>
                MaxPool2dCore(input, NnInterop.Exactly(kernel_size, 2, nameof(kernel_size)), stride is null || stride.Length == 0 ? [] : NnInterop.Exactly(stride, 2, nameof(stride)),
                    padding is null ? [0, 0] : NnInterop.Exactly(padding, 2, nameof(padding)), dilation is null ? [1, 1] : NnInterop.Exactly(dilation, 2, nameof(dilation)), ceil_mode);

            /// <summary>2-D max pooling that also returns the flat (per-plane) index of each maximum (PyTorch's return_indices=True).</summary>
            public static unsafe (Tensor output, Tensor indices) max_pool2d_with_indices(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null,
                long[]? dilation = null, bool ceil_mode = false)
            {
                ArgumentNullException.ThrowIfNull(input);
                var k = NnInterop.Exactly(kernel_size, 2, nameof(kernel_size));
                var s = stride is null || stride.Length == 0 ? [] : NnInterop.Exactly(stride, 2, nameof(stride));
                var p = padding is null ? [0, 0] : NnInterop.Exactly(padding, 2, nameof(padding));
                var d = dilation is null ? [1, 1] : NnInterop.Exactly(dilation, 2, nameof(dilation));
                NnInterop.Prepare();
                IntPtr r, i;
                fixed (long* kp = k, sp = s, pp = p, dp = d)
                    Check(rt_max_pool2d_with_indices(input.Handle, kp, sp, s.Length, pp, dp, ceil_mode ? 1 : 0, &r, &i));
                GC.KeepAlive(input);
                return Tensor.WrapPair(r, i);
            }

            private static unsafe Tensor MaxPool2dCore(Tensor input, long[] kernel, long[] stride, long[] padding, long[] dilation, bool ceil_mode)
            {
                ArgumentNullException.ThrowIfNull(input);
                NnInterop.Prepare();
                IntPtr r;
                fixed (long* kp = kernel, sp = stride, pp = padding, dp = dilation)
                    Check(rt_max_pool2d(input.Handle, kp, sp, stride.Length, pp, dp, ceil_mode ? 1 : 0, &r));
                GC.KeepAlive(input);
                return Tensor.Wrap(r);
            }

            /// <summary>2-D average pooling with a square window; <paramref name="stride"/> defaults to the window size.</summary>
            public static Tensor avg_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false,
                bool count_include_pad = true, long? divisor_override = null) =>
                AvgPool2dCore(input, [kernel_size, kernel_size], stride is long s ? [s, s] : [], [padding, padding], ceil_mode, count_include_pad, divisor_override);

            /// <summary>2-D average pooling with per-dimension (height, width) window, stride and padding.</summary>
            public static Tensor avg_pool2d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false,
                bool count_include_pad = true, long? divisor_override = null) =>
                AvgPool2dCore(input, NnInterop.Exactly(kernel_size, 2, nameof(kernel_size)), stride is null || stride.Length == 0 ? [] : NnInterop.Exactly(stride, 2, nameof(stride)),
                    padding is null ? [0, 0] : NnInterop.Exactly(padding, 2, nameof(padding)), ceil_mode, count_include_pad, divisor_override);

            private static unsafe Tensor AvgPool2dCore(Tensor input, long[] kernel, long[] stride, long[] padding, bool ceil_mode, bool count_include_pad, long? divisor_override)
            {
                ArgumentNullException.ThrowIfNull(input);
                if (divisor_override is <= 0)
                    throw new ArgumentOutOfRangeException(nameof(divisor_override), divisor_override, "divisor must be not zero");
                NnInterop.Prepare();
                IntPtr r;
                fixed (long* kp = kernel, sp = stride, pp = padding)
                    Check(rt_avg_pool2d(input.Handle, kp, sp, stride.Length, pp, ceil_mode ? 1 : 0, count_include_pad ? 1 : 0, divisor_override ?? 0, &r));
                GC.KeepAlive(input);
                return Tensor.Wrap(r);
            }

            /// <summary>Adaptive average pooling to a square output of <paramref name="output_size"/>.</summary>
            public static Tensor adaptive_avg_pool2d(Tensor input, long output_size) => adaptive_avg_pool2d(input, (output_size, output_size));

            /// <summary>Adaptive average pooling to (height, width); a null entry keeps the input's size in that dimension.</summary>
            public static unsafe Tensor adaptive_avg_pool2d(Tensor input, (long? height, long? width) output_size)
            {
                ArgumentNullException.ThrowIfNull(input);
                var shape = input.shape;
                if (shape.Length < 2)
                    throw new ArgumentException($"adaptive_avg_pool2d expected a 3D or 4D input, got shape {NnInterop.Shape(shape)}", nameof(input));
                long[] size = [output_size.height ?? shape[^2], output_size.width ?? shape[^1]];
                NnInterop.Prepare();
                IntPtr r;
                fixed (long* o = size)
                    Check(rt_adaptive_avg_pool2d(input.Handle, o, &r));
                GC.KeepAlive(input);
                return Tensor.Wrap(r);
            }
        }
    }
}
