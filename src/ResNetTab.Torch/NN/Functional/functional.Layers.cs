using ResNetTab.Torch.Modules;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>y = x·Wᵀ + b for a weight of shape [out_features, in_features].</summary>
            public static unsafe Tensor linear(Tensor input, Tensor weight, Tensor? bias = null)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(weight);
                NnInterop.Prepare();
                IntPtr r;
                Check(rt_linear(input.Handle, weight.Handle, NnInterop.OptHandle(bias), &r));
                GC.KeepAlive(input);
                GC.KeepAlive(weight);
                GC.KeepAlive(bias);
                return Tensor.Wrap(r);
            }

            /// <summary>1-D convolution of a [N, C_in, L] (or unbatched [C_in, L]) input.</summary>
            public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
                Convolution(input, weight, bias, [stride], [padding], [dilation], 1, 0, groups);

            /// <summary>1-D convolution with padding "valid" (none) or "same" (output length = input length; stride 1 only).</summary>
            public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias, long stride, string padding, long dilation = 1, long groups = 1) =>
                Convolution(input, weight, bias, [stride], [0], [dilation], 1, PaddingKind(padding), groups);

            /// <summary>2-D convolution of a [N, C_in, H, W] (or unbatched [C_in, H, W]) input with square stride, padding and dilation.</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
                Convolution(input, weight, bias, [stride, stride], [padding, padding], [dilation, dilation], 2, 0, groups);

            /// <summary>2-D convolution with per-dimension (height, width) stride, padding and dilation.</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, (long, long) stride, (long, long) padding, (long, long)? dilation = null, long groups = 1)
            {
                var d = dilation ?? (1, 1);
                return Convolution(input, weight, bias, [stride.Item1, stride.Item2], [padding.Item1, padding.Item2], [d.Item1, d.Item2], 2, 0, groups);
            }

            /// <summary>2-D convolution with padding "valid" (none) or "same" (output size = input size; stride 1 only).</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, long stride, string padding, long dilation = 1, long groups = 1) =>
                Convolution(input, weight, bias, [stride, stride], [0, 0], [dilation, dilation], 2, PaddingKind(padding), groups);

            internal static int PaddingKind(string padding) => padding switch
            {
                "valid" => 1,
                "same" => 2,
                _ => throw new ArgumentException($"Invalid padding string '{padding}', should be one of 'valid', 'same'", nameof(padding)),
            };

            internal static unsafe Tensor Convolution(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] dilation, int n, int paddingKind, long groups)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(weight);
                NnInterop.Prepare();
                IntPtr r;
                fixed (long* s = stride, p = padding, d = dilation)
                    Check(rt_convolution_nd(input.Handle, weight.Handle, NnInterop.OptHandle(bias), s, p, d, n, paddingKind, groups, &r));
                GC.KeepAlive(input);
                GC.KeepAlive(weight);
                GC.KeepAlive(bias);
                return Tensor.Wrap(r);
            }

            /// <summary>
            /// Batch normalisation over dimension 1. In <paramref name="training"/> mode it normalises with the
            /// batch statistics and, when running statistics are given, updates them in place
            /// (running = (1 − momentum)·running + momentum·batch, with the unbiased batch variance);
            /// otherwise it normalises with the running statistics.
            /// </summary>
            public static unsafe Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null,
                bool training = false, double momentum = 0.1, double eps = 1e-5)
            {
                ArgumentNullException.ThrowIfNull(input);
                if (training)
                {
                    var shape = input.shape;
                    long perChannel = shape.Length > 0 ? shape[0] : 1;
                    for (var i = 2; i < shape.Length; i++) perChannel *= shape[i];
                    if (perChannel == 1)
                        throw new ArgumentException($"Expected more than 1 value per channel when training, got input size {NnInterop.Shape(shape)}", nameof(input));
                }
                NnInterop.Prepare();
                IntPtr r;
                Check(rt_batch_norm(input.Handle, NnInterop.OptHandle(weight), NnInterop.OptHandle(bias), NnInterop.OptHandle(running_mean),
                    NnInterop.OptHandle(running_var), training ? 1 : 0, momentum, eps, &r));
                GC.KeepAlive(input);
                GC.KeepAlive(weight);
                GC.KeepAlive(bias);
                GC.KeepAlive(running_mean);
                GC.KeepAlive(running_var);
                return Tensor.Wrap(r);
            }

            /// <summary>Layer normalisation over the trailing dimensions given by <paramref name="normalized_shape"/>.</summary>
            public static unsafe Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(normalized_shape);
                NnInterop.Prepare();
                IntPtr r;
                fixed (long* ns = normalized_shape)
                    Check(rt_layer_norm(input.Handle, ns, normalized_shape.Length, NnInterop.OptHandle(weight), NnInterop.OptHandle(bias), eps, &r));
                GC.KeepAlive(input);
                GC.KeepAlive(weight);
                GC.KeepAlive(bias);
                return Tensor.Wrap(r);
            }

            /// <summary>
            /// Looks up rows of <paramref name="weight"/> by the integer indices in <paramref name="input"/>.
            /// The row <paramref name="padding_idx"/> gets no gradient; with <paramref name="max_norm"/>, looked-up
            /// rows whose <paramref name="norm_type"/>-norm exceeds it are renormalised in place first.
            /// </summary>
            public static unsafe Tensor embedding(Tensor input, Tensor weight, long? padding_idx = null, double? max_norm = null, double norm_type = 2.0,
                bool scale_grad_by_freq = false, bool sparse = false)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(weight);
                var pad = -1L;
                if (padding_idx is long idx)
                {
                    var rows = weight.size(0);
                    if (idx >= rows || idx < -rows)
                        throw new ArgumentOutOfRangeException(nameof(padding_idx), idx, $"Padding_idx must be within num_embeddings ({rows})");
                    pad = idx < 0 ? rows + idx : idx;
                }
                NnInterop.Prepare();
                IntPtr r;
                Check(rt_embedding(weight.Handle, input.Handle, pad, max_norm is null ? 0 : 1, max_norm ?? 0, norm_type,
                    scale_grad_by_freq ? 1 : 0, sparse ? 1 : 0, &r));
                GC.KeepAlive(input);
                GC.KeepAlive(weight);
                return Tensor.Wrap(r);
            }
        }
    }
}
