using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ResNetTab.Anomaly.Neighbors;

/// <summary>Squared Euclidean distance of float32 vectors with the widest vectors the machine accelerates.</summary>
internal static unsafe class SimdDistance
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SquaredL2(float* a, float* b, int d)
    {
        int i = 0;
        float sum = 0;
        if (Vector512.IsHardwareAccelerated && d >= 16)
        {
            var acc = Vector512<float>.Zero;
            for (; i + 16 <= d; i += 16)
            {
                var diff = Vector512.Load(a + i) - Vector512.Load(b + i);
                acc = Vector512.FusedMultiplyAdd(diff, diff, acc);
            }
            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && d >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i + 8 <= d; i += 8)
            {
                var diff = Vector256.Load(a + i) - Vector256.Load(b + i);
                acc = Vector256.FusedMultiplyAdd(diff, diff, acc);
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < d; i++)
        {
            float diff = a[i] - b[i];
            sum += diff * diff;
        }
        return sum;
    }
}
