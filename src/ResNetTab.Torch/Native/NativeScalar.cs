using System.Runtime.InteropServices;

namespace ResNetTab.Torch.Native;

/// <summary>A scalar passed by value to the shim; mirrors <c>rt_scalar</c> in native/include/rt_shim.h.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct NativeScalar
{
    public readonly long Integer;
    public readonly double Floating;
    public readonly int Kind; // 0 = floating, 1 = integral, 2 = boolean

    private NativeScalar(long integer, double floating, int kind)
    {
        Integer = integer;
        Floating = floating;
        Kind = kind;
    }

    public static NativeScalar From(double value) => new(0, value, 0);
    public static NativeScalar From(long value) => new(value, 0, 1);
    public static NativeScalar From(bool value) => new(value ? 1 : 0, 0, 2);
}
