using System.Runtime.InteropServices;

namespace ResNetTab.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [DllImport(Library)] internal static extern int rt_cross_entropy(IntPtr input, IntPtr target, IntPtr weight, long reduction, long ignoreIndex, double labelSmoothing, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_nll_loss(IntPtr input, IntPtr target, IntPtr weight, long reduction, long ignoreIndex, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_mse_loss(IntPtr input, IntPtr target, long reduction, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_l1_loss(IntPtr input, IntPtr target, long reduction, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_smooth_l1_loss(IntPtr input, IntPtr target, long reduction, double beta, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_binary_cross_entropy(IntPtr input, IntPtr target, IntPtr weight, long reduction, IntPtr* result);
    [DllImport(Library)] internal static extern int rt_binary_cross_entropy_with_logits(IntPtr input, IntPtr target, IntPtr weight, IntPtr posWeight, long reduction, IntPtr* result);
}
