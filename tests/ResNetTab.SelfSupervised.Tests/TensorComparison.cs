using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Tests;

internal static class TensorComparison
{
    /// <summary>Same shape and bit-for-bit equal values.</summary>
    public static bool Identical(this Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dtype != b.dtype) return false;
        using var equal = a.eq(b).all();
        return equal.item<bool>();
    }
}
