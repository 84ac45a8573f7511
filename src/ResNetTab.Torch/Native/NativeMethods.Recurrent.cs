using System.Runtime.InteropServices;

namespace ResNetTab.Torch.Native;

internal static unsafe partial class NativeMethods
{
    [DllImport(Library)]
    internal static extern int rt_lstm(IntPtr input, IntPtr h0, IntPtr c0, IntPtr* parameters, int count, int hasBiases, long numLayers,
        double dropout, int train, int bidirectional, int batchFirst, IntPtr* output, IntPtr* hN, IntPtr* cN);

    [DllImport(Library)]
    internal static extern int rt_gru(IntPtr input, IntPtr h0, IntPtr* parameters, int count, int hasBiases, long numLayers,
        double dropout, int train, int bidirectional, int batchFirst, IntPtr* output, IntPtr* hN);
}
