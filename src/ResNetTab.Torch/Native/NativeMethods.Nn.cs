using System.Runtime.InteropServices;

namespace ResNetTab.Torch.Native;

// Declarations for native/src/nn_layers.cpp. Optional tensors are passed as IntPtr.Zero.
internal static unsafe partial class NativeMethods
{
    [DllImport(Library)] internal static extern int rt_linear(IntPtr input, IntPtr weight, IntPtr bias, IntPtr* result);
    [DllImport(Library)]
    internal static extern int rt_convolution_nd(IntPtr input, IntPtr weight, IntPtr bias, long* stride, long* padding,
        long* dilation, int n, int paddingKind, long groups, IntPtr* result);
    [DllImport(Library)]
    internal static extern int rt_batch_norm(IntPtr input, IntPtr weight, IntPtr bias, IntPtr runningMean, IntPtr runningVar,
        int training, double momentum, double eps, IntPtr* result);
    [DllImport(Library)]
    internal static extern int rt_layer_norm(IntPtr input, long* normalizedShape, int ndim, IntPtr weight, IntPtr bias, double eps, IntPtr* result);
    [DllImport(Library)]
    internal static extern int rt_embedding(IntPtr weight, IntPtr indices, long paddingIdx, int hasMaxNorm, double maxNorm,
        double normType, int scaleGradByFreq, int sparse, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_dropout(IntPtr input, double p, int train, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_dropout_(IntPtr input, double p, int train);
    [DllImport(Library)] internal static extern int rt_relu_(IntPtr input);
    [DllImport(Library)] internal static extern int rt_softmax_dtype(IntPtr a, long dim, int dtype, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_log_softmax_dtype(IntPtr a, long dim, int dtype, IntPtr* result);
    [DllImport(Library)]
    internal static extern int rt_max_pool2d(IntPtr input, long* kernel, long* stride, int strideCount, long* padding,
        long* dilation, int ceilMode, IntPtr* result);
    [DllImport(Library)]
    internal static extern int rt_max_pool2d_with_indices(IntPtr input, long* kernel, long* stride, int strideCount, long* padding,
        long* dilation, int ceilMode, IntPtr* result, IntPtr* indices);
    [DllImport(Library)]
    internal static extern int rt_avg_pool2d(IntPtr input, long* kernel, long* stride, int strideCount, long* padding,
        int ceilMode, int countIncludePad, long divisorOverride, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_adaptive_avg_pool2d(IntPtr input, long* outputSize, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_normalize(IntPtr input, double p, long dim, double eps, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_pad(IntPtr input, long* pad, int count, int mode, double value, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_one_hot(IntPtr input, long numClasses, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_alias(IntPtr a, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_cosine_similarity(IntPtr x1, IntPtr x2, long dim, double eps, IntPtr* result);
}
