using ResNetTab.Torch.Lifetime;
using ResNetTab.Torch.Native;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    /// <summary>
    /// Creates a tensor holding a copy of <paramref name="values"/> with the given shape. libtorch
    /// allocates the tensor and the values are copied into it once, with no intermediate buffer.
    /// </summary>
    /// <exception cref="ArgumentException">The number of values does not match the shape.</exception>
    internal static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> values, ReadOnlySpan<long> shape, Device? device, bool requires_grad)
        where T : unmanaged
    {
        NativeReleaseQueue.DrainIfAny();
        ValidateShape(shape);
        long expected = 1;
        foreach (var d in shape) expected *= d;
        if (expected != values.Length)
            throw new ArgumentException($"{values.Length} values cannot fill shape [{string.Join(", ", shape.ToArray())}], which holds {expected} elements.", nameof(values));
        var (type, index) = DeviceArgs(device);
        IntPtr r;
        fixed (T* data = values)
        fixed (long* dims = shape)
        {
            Check(rt_tensor_from_data(data, (long)values.Length * sizeof(T), dims, shape.Length, (int)ScalarTypeOf<T>(), type, index,
                requires_grad ? 1 : 0, &r));
        }
        return Tensor.Wrap(r);
    }

    private static Tensor Converted(Tensor t, ScalarType? dtype)
    {
        if (dtype is null || dtype.Value == t.dtype) return t;
        using (t) return t.to_type(dtype.Value);
    }

    /// <summary>A float32 tensor holding a copy of <paramref name="values"/> shaped as <paramref name="dimensions"/> (1-D when omitted).</summary>
    public static Tensor tensor(float[] values, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Converted(FromSpan<float>(values, dimensions ?? [values.Length], device, requires_grad && dtype is null), dtype).RequiresGradIf(requires_grad && dtype is not null);

    /// <summary>A float64 tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor tensor(double[] values, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Converted(FromSpan<double>(values, dimensions ?? [values.Length], device, requires_grad && dtype is null), dtype).RequiresGradIf(requires_grad && dtype is not null);

    /// <summary>An int64 tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor tensor(long[] values, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Converted(FromSpan<long>(values, dimensions ?? [values.Length], device, false), dtype).RequiresGradIf(requires_grad);

    /// <summary>An int32 tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor tensor(int[] values, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        Converted(FromSpan<int>(values, dimensions ?? [values.Length], device, false), dtype).RequiresGradIf(requires_grad);

    /// <summary>A uint8 tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor tensor(byte[] values, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null) =>
        Converted(FromSpan<byte>(values, dimensions ?? [values.Length], device, false), dtype);

    /// <summary>A bool tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor tensor(bool[] values, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null) =>
        Converted(FromSpan<bool>(values, dimensions ?? [values.Length], device, false), dtype);

    /// <summary>A 2-D float32 tensor holding a copy of a rectangular array.</summary>
    public static unsafe Tensor tensor(float[,] values, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var span = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref values[0, 0], values.Length);
        return Converted(FromSpan(span, [values.GetLength(0), values.GetLength(1)], device, requires_grad && dtype is null), dtype)
            .RequiresGradIf(requires_grad && dtype is not null);
    }

    /// <summary>A 2-D float64 tensor holding a copy of a rectangular array.</summary>
    public static unsafe Tensor tensor(double[,] values, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var span = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref values[0, 0], values.Length);
        return Converted(FromSpan(span, [values.GetLength(0), values.GetLength(1)], device, requires_grad && dtype is null), dtype)
            .RequiresGradIf(requires_grad && dtype is not null);
    }

    /// <summary>A 0-dimensional float32 tensor (or <paramref name="dtype"/>).</summary>
    public static Tensor tensor(float value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        ScalarTensor(NativeScalar.From(value), dtype ?? ScalarType.Float32, device, requires_grad);

    /// <summary>A 0-dimensional float64 tensor (or <paramref name="dtype"/>).</summary>
    public static Tensor tensor(double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        ScalarTensor(NativeScalar.From(value), dtype ?? ScalarType.Float64, device, requires_grad);

    /// <summary>A 0-dimensional int64 tensor (or <paramref name="dtype"/>).</summary>
    public static Tensor tensor(long value, ScalarType? dtype = null, Device? device = null) =>
        ScalarTensor(NativeScalar.From(value), dtype ?? ScalarType.Int64, device, false);

    /// <summary>A 0-dimensional bool tensor.</summary>
    public static Tensor tensor(bool value, Device? device = null) => ScalarTensor(NativeScalar.From(value), ScalarType.Bool, device, false);

    private static unsafe Tensor ScalarTensor(NativeScalar value, ScalarType dtype, Device? device, bool requires_grad)
    {
        NativeReleaseQueue.DrainIfAny();
        var (type, index) = DeviceArgs(device);
        IntPtr r;
        Check(rt_scalar_tensor(value, (int)dtype, type, index, requires_grad ? 1 : 0, &r));
        return Tensor.Wrap(r);
    }

    /// <summary>A tensor holding a copy of <paramref name="values"/> (any unmanaged element type) with the given shape.</summary>
    public static Tensor from_span<T>(ReadOnlySpan<T> values, ReadOnlySpan<long> shape, Device? device = null, bool requires_grad = false)
        where T : unmanaged => FromSpan(values, shape, device, requires_grad);

    public partial class Tensor
    {
        /// <summary>
        /// Creates a tensor from a span with a single copy straight into libtorch-owned memory
        /// (no intermediate array). Element type follows <typeparamref name="T"/>.
        /// </summary>
        public static Tensor from<T>(ReadOnlySpan<T> values, params long[] shape) where T : unmanaged =>
            FromSpan(values, shape.Length == 0 ? [values.Length] : shape, null, false);

        internal Tensor RequiresGradIf(bool condition)
        {
            if (condition) requires_grad_(true);
            return this;
        }
    }
}
