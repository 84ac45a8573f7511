using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ResNetTab.Engine.Tensors;

/// <summary>Copies between managed memory and tensors in one step each way, whatever the tensor's device, layout or type.</summary>
internal static class TensorData
{
    /// <summary>A new tensor of <paramref name="shape"/> holding a copy of <paramref name="values"/>, on <paramref name="device"/>.</summary>
    public static Tensor FromSpan<T>(ReadOnlySpan<T> values, long[] shape, Device? device = null) where T : unmanaged
    {
        var count = shape.Aggregate(1L, (a, b) => checked(a * b));
        if (count != values.Length)
            throw new ArgumentException($"{values.Length} values cannot fill a tensor of shape [{string.Join(", ", shape)}] ({count} elements).");
        var cpu = empty(shape, ScalarTypeOf<T>());
        try
        {
            if (count > 0) MemoryMarshal.AsBytes(values).CopyTo(cpu.bytes);
            if (device is null || device.type == TorchSharp.DeviceType.CPU) return cpu;
            using (cpu) return cpu.to(device);
        }
        catch
        {
            cpu.Dispose();
            throw;
        }
    }

    /// <summary>The tensor's elements in row-major order, converted to <typeparamref name="T"/> (read from any device).</summary>
    public static T[] ToArray<T>(Tensor tensor) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = NewDisposeScope();
        var dense = tensor.detach().to(ScalarTypeOf<T>()).cpu().contiguous();
        var result = new T[dense.numel()];
        if (result.Length > 0) dense.bytes.CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    private static ScalarType ScalarTypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(double) ? ScalarType.Float64
        : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(int) ? ScalarType.Int32
        : typeof(T) == typeof(byte) ? ScalarType.Byte
        : typeof(T) == typeof(bool) ? ScalarType.Bool
        : throw new NotSupportedException($"No tensor element type for {typeof(T).Name}.");
}
