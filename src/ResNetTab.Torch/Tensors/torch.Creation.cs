using ResNetTab.Torch.Lifetime;
using ResNetTab.Torch.Native;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

/// <summary>
/// Entry point of the binding, named and shaped like TorchSharp's <c>torch</c> class:
/// <c>using static ResNetTab.Torch.torch;</c> then <c>var x = randn(3, 4);</c>.
/// </summary>
public static partial class torch
{
    private static (int type, int index) DeviceArgs(Device? device) =>
        device is null ? (0, -1) : ((int)device.type, device.index);

    private static unsafe Tensor FromShape(delegate*<long*, int, int, int, int, int, IntPtr*, int> fn, ReadOnlySpan<long> size,
        ScalarType? dtype, Device? device, bool requires_grad)
    {
        NativeReleaseQueue.DrainIfAny();
        ValidateShape(size);
        var (type, index) = DeviceArgs(device);
        IntPtr r;
        fixed (long* p = size) Check(fn(p, size.Length, (int)(dtype ?? ScalarType.Float32), type, index, requires_grad ? 1 : 0, &r));
        return Tensor.Wrap(r);
    }

    private static void ValidateShape(ReadOnlySpan<long> size)
    {
        for (var i = 0; i < size.Length; i++)
            if (size[i] < 0) throw new ArgumentException($"negative dimension {size[i]} at position {i} of shape [{string.Join(", ", size.ToArray())}]", nameof(size));
    }

    // ---- constant tensors ----------------------------------------------------------------

    /// <summary>A tensor filled with zeros (default dtype float32, on the CPU).</summary>
    public static unsafe Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromShape(&rt_zeros, size, dtype, device, requires_grad);

    /// <summary>A float32 CPU tensor filled with zeros.</summary>
    public static Tensor zeros(params long[] size) => zeros(size, null, null, false);

    /// <summary>A tensor filled with ones (default dtype float32, on the CPU).</summary>
    public static unsafe Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromShape(&rt_ones, size, dtype, device, requires_grad);

    /// <summary>A float32 CPU tensor filled with ones.</summary>
    public static Tensor ones(params long[] size) => ones(size, null, null, false);

    /// <summary>An uninitialised tensor (default dtype float32, on the CPU).</summary>
    public static unsafe Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromShape(&rt_empty, size, dtype, device, requires_grad);

    /// <summary>An uninitialised float32 CPU tensor.</summary>
    public static Tensor empty(params long[] size) => empty(size, null, null, false);

    /// <summary>A tensor filled with <paramref name="value"/> (float32 unless a dtype is given).</summary>
    public static unsafe Tensor full(long[] size, double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        ValidateShape(size);
        var (type, index) = DeviceArgs(device);
        IntPtr r;
        fixed (long* p = size) Check(rt_full(p, size.Length, NativeScalar.From(value), (int)(dtype ?? ScalarType.Float32), type, index, requires_grad ? 1 : 0, &r));
        return Tensor.Wrap(r);
    }

    /// <summary>The identity matrix with <paramref name="n"/> rows and <paramref name="m"/> columns (m defaults to n).</summary>
    public static unsafe Tensor eye(long n, long m = -1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (type, index) = DeviceArgs(device);
        IntPtr r;
        Check(rt_eye(n, m < 0 ? n : m, (int)(dtype ?? ScalarType.Float32), type, index, requires_grad ? 1 : 0, &r));
        return Tensor.Wrap(r);
    }

    // ---- ranges --------------------------------------------------------------------------

    /// <summary>Values from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive) in steps; int64 for integral arguments.</summary>
    public static unsafe Tensor arange(long start, long end, long step = 1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (type, index) = DeviceArgs(device);
        IntPtr r;
        Check(rt_arange(NativeScalar.From(start), NativeScalar.From(end), NativeScalar.From(step), (int)(dtype ?? ScalarType.Int64), type, index, requires_grad ? 1 : 0, &r));
        return Tensor.Wrap(r);
    }

    /// <summary>Values 0, 1, …, end−1 as int64.</summary>
    public static Tensor arange(long end) => arange(0, end);

    /// <summary>Floating-point values from start (inclusive) to end (exclusive) in steps; float32 unless a dtype is given.</summary>
    public static unsafe Tensor arange(double start, double end, double step = 1.0, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (type, index) = DeviceArgs(device);
        IntPtr r;
        Check(rt_arange(NativeScalar.From(start), NativeScalar.From(end), NativeScalar.From(step), (int)(dtype ?? ScalarType.Float32), type, index, requires_grad ? 1 : 0, &r));
        return Tensor.Wrap(r);
    }

    /// <summary><paramref name="steps"/> evenly spaced values from start to end, both inclusive.</summary>
    public static unsafe Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var (type, index) = DeviceArgs(device);
        IntPtr r;
        Check(rt_linspace(start, end, steps, (int)(dtype ?? ScalarType.Float32), type, index, requires_grad ? 1 : 0, &r));
        return Tensor.Wrap(r);
    }

    // ---- random --------------------------------------------------------------------------

    /// <summary>Standard normal samples (default dtype float32).</summary>
    public static unsafe Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromShape(&rt_randn, size, dtype, device, requires_grad);

    /// <summary>Standard normal float32 samples on the CPU.</summary>
    public static Tensor randn(params long[] size) => randn(size, null, null, false);

    /// <summary>Uniform samples in [0, 1) (default dtype float32).</summary>
    public static unsafe Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromShape(&rt_rand, size, dtype, device, requires_grad);

    /// <summary>Uniform float32 samples in [0, 1) on the CPU.</summary>
    public static Tensor rand(params long[] size) => rand(size, null, null, false);

    /// <summary>Integers uniform in [<paramref name="low"/>, <paramref name="high"/>) (default dtype int64).</summary>
    public static unsafe Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null)
    {
        if (high <= low) throw new ArgumentException($"randint needs low < high, got low={low} high={high}");
        ValidateShape(size);
        var (type, index) = DeviceArgs(device);
        IntPtr r;
        fixed (long* p = size) Check(rt_randint(low, high, p, size.Length, (int)(dtype ?? ScalarType.Int64), type, index, 0, &r));
        return Tensor.Wrap(r);
    }

    /// <summary>Integers uniform in [0, <paramref name="high"/>) (default dtype int64).</summary>
    public static Tensor randint(long high, long[] size, ScalarType? dtype = null, Device? device = null) => randint(0, high, size, dtype, device);

    /// <summary>A random permutation of 0 … n−1 (int64).</summary>
    public static unsafe Tensor randperm(long n, ScalarType? dtype = null, Device? device = null)
    {
        var (type, index) = DeviceArgs(device);
        IntPtr r;
        Check(rt_randperm(n, (int)(dtype ?? ScalarType.Int64), type, index, 0, &r));
        return Tensor.Wrap(r);
    }

    /// <summary>Seeds the default random generators (CPU and, when present, every CUDA device).</summary>
    public static void manual_seed(long seed) => Check(rt_manual_seed(seed));

    /// <summary>Seeds the default random generators (CPU and, when present, every CUDA device).</summary>
    public static class random
    {
        /// <summary>Seeds the default random generators.</summary>
        public static void manual_seed(long seed) => torch.manual_seed(seed);
    }

    // ---- *_like ------------------------------------------------------------------------

    private static unsafe Tensor Like(delegate*<IntPtr, int, int, IntPtr*, int> fn, Tensor input, ScalarType? dtype, bool requires_grad)
    {
        IntPtr r;
        Check(fn(input.Handle, dtype.HasValue ? (int)dtype.Value : -1, requires_grad ? 1 : 0, &r));
        GC.KeepAlive(input);
        return Tensor.Wrap(r);
    }

    /// <summary>Zeros with the shape, dtype and device of <paramref name="input"/> (dtype overridable).</summary>
    public static unsafe Tensor zeros_like(Tensor input, ScalarType? dtype = null, bool requires_grad = false) => Like(&rt_zeros_like, input, dtype, requires_grad);

    /// <summary>Ones with the shape, dtype and device of <paramref name="input"/>.</summary>
    public static unsafe Tensor ones_like(Tensor input, ScalarType? dtype = null, bool requires_grad = false) => Like(&rt_ones_like, input, dtype, requires_grad);

    /// <summary>An uninitialised tensor like <paramref name="input"/>.</summary>
    public static unsafe Tensor empty_like(Tensor input, ScalarType? dtype = null, bool requires_grad = false) => Like(&rt_empty_like, input, dtype, requires_grad);

    /// <summary>Standard normal samples shaped like <paramref name="input"/>.</summary>
    public static unsafe Tensor randn_like(Tensor input, ScalarType? dtype = null, bool requires_grad = false) => Like(&rt_randn_like, input, dtype, requires_grad);

    /// <summary>Uniform [0, 1) samples shaped like <paramref name="input"/>.</summary>
    public static unsafe Tensor rand_like(Tensor input, ScalarType? dtype = null, bool requires_grad = false) => Like(&rt_rand_like, input, dtype, requires_grad);

    /// <summary>A tensor like <paramref name="input"/> filled with <paramref name="value"/>.</summary>
    public static unsafe Tensor full_like(Tensor input, double value, ScalarType? dtype = null, bool requires_grad = false)
    {
        IntPtr r;
        Check(rt_full_like(input.Handle, NativeScalar.From(value), dtype.HasValue ? (int)dtype.Value : -1, requires_grad ? 1 : 0, &r));
        GC.KeepAlive(input);
        return Tensor.Wrap(r);
    }
}
