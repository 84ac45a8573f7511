using System.Globalization;
using System.Runtime.CompilerServices;
using ResNetTab.Torch.Lifetime;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules;

/// <summary>Small helpers shared by the functional API and the layers.</summary>
internal static class NnInterop
{
    /// <summary>The native handle of an optional tensor (IntPtr.Zero for null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static IntPtr OptHandle(Tensor? t) => t is null ? IntPtr.Zero : t.Handle;

    /// <summary>Frees pending finalized handles before a native call, as the tensor ops do.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Prepare() => NativeReleaseQueue.DrainIfAny();

    /// <summary>A shape as PyTorch prints it in messages: [2, 5].</summary>
    internal static string Shape(long[] shape) => "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>A shape of a tensor: [2, 5].</summary>
    internal static string Shape(Tensor t) => Shape(t.shape);

    /// <summary>A Python tuple: (3,) or (3, 3).</summary>
    internal static string Tuple(IReadOnlyList<long> values) =>
        values.Count == 1
            ? "(" + values[0].ToString(CultureInfo.InvariantCulture) + ",)"
            : "(" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + ")";

    /// <summary>A float as Python's repr writes it: 0.1, 1e-05, 2.0.</summary>
    internal static string Float(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return text[..e] + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>A Python bool: True or False.</summary>
    internal static string Bool(bool value) => value ? "True" : "False";

    /// <summary>Repeats a single value n times (PyTorch's _pair/_single).</summary>
    internal static long[] Repeat(long value, int n)
    {
        var r = new long[n];
        Array.Fill(r, value);
        return r;
    }

    /// <summary>Checks that a list argument has exactly n entries.</summary>
    internal static long[] Exactly(long[] values, int n, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Length == 1 && n > 1) return Repeat(values[0], n);
        if (values.Length != n) throw new ArgumentException($"{name} must have {n} value(s), got {values.Length}", name);
        return values;
    }
}
