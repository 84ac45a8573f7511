using ResNetTab.Torch.Lifetime;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>A view with a new shape (one dimension may be −1); the data must be compatible.</summary>
        public unsafe Tensor view(params long[] shape) => Call(&rt_view, this, shape);

        /// <summary>A tensor with a new shape, a view when possible, else a copy.</summary>
        public unsafe Tensor reshape(params long[] shape) => Call(&rt_reshape, this, shape);

        /// <summary>Flattens dimensions <paramref name="start_dim"/> … <paramref name="end_dim"/> into one.</summary>
        public unsafe Tensor flatten(long start_dim = 0, long end_dim = -1)
        {
            IntPtr r;
            Check(rt_flatten(Handle, start_dim, end_dim, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Inserts a dimension of size one at <paramref name="dim"/>.</summary>
        public unsafe Tensor unsqueeze(long dim) => Call(&rt_unsqueeze, this, dim);

        /// <summary>Removes every dimension of size one.</summary>
        public unsafe Tensor squeeze() => Call(&rt_squeeze, this);

        /// <summary>Removes dimension <paramref name="dim"/> if its size is one.</summary>
        public unsafe Tensor squeeze(long dim) => Call(&rt_squeeze_dim, this, dim);

        /// <summary>Reorders the dimensions.</summary>
        public unsafe Tensor permute(params long[] dims) => Call(&rt_permute, this, dims);

        /// <summary>Swaps two dimensions.</summary>
        public unsafe Tensor transpose(long dim0, long dim1)
        {
            IntPtr r;
            Check(rt_transpose(Handle, dim0, dim1, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Transpose of a tensor with at most two dimensions.</summary>
        public unsafe Tensor t() => Call(&rt_t, this);

        /// <summary>Transpose of a matrix (property form).</summary>
        public Tensor T => t();

        /// <summary>A contiguous tensor with the same data (itself copied only when needed).</summary>
        public unsafe Tensor contiguous() => Call(&rt_contiguous, this);

        /// <summary>A broadcast view with larger size-one dimensions (−1 keeps a size).</summary>
        public unsafe Tensor expand(params long[] shape) => Call(&rt_expand, this, shape);

        /// <summary>Repeats the tensor along each dimension.</summary>
        public unsafe Tensor repeat(params long[] repeats) => Call(&rt_repeat, this, repeats);

        /// <summary>A view of <paramref name="length"/> elements along <paramref name="dim"/> starting at <paramref name="start"/>.</summary>
        public unsafe Tensor narrow(long dim, long start, long length)
        {
            IntPtr r;
            Check(rt_narrow(Handle, dim, start, length, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, with that dimension removed.</summary>
        public unsafe Tensor select(long dim, long index)
        {
            IntPtr r;
            Check(rt_select(Handle, dim, index, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Elements <paramref name="start"/> … <paramref name="end"/> (exclusive) along <paramref name="dim"/>, every <paramref name="step"/>.</summary>
        public unsafe Tensor slice(long dim, long start, long end, long step = 1)
        {
            IntPtr r;
            Check(rt_slice(Handle, dim, start, end, step, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Splits into pieces of <paramref name="split_size"/> along <paramref name="dim"/> (the last may be smaller).</summary>
        public unsafe Tensor[] split(long split_size, long dim = 0) =>
            ListResult((buffer, capacity, count) => rt_split(Handle, split_size, dim, buffer, capacity, count));

        /// <summary>Splits into pieces of the given sizes along <paramref name="dim"/>.</summary>
        public unsafe Tensor[] split(long[] split_sizes, long dim = 0) =>
            ListResult((buffer, capacity, count) =>
            {
                fixed (long* s = split_sizes) return rt_split_with_sizes(Handle, s, split_sizes.Length, dim, buffer, capacity, count);
            });

        /// <summary>Splits into <paramref name="chunks"/> nearly equal pieces along <paramref name="dim"/>.</summary>
        public unsafe Tensor[] chunk(long chunks, long dim = 0) =>
            ListResult((buffer, capacity, count) => rt_chunk(Handle, chunks, dim, buffer, capacity, count));

        /// <summary>Removes dimension <paramref name="dim"/>, returning the slices along it.</summary>
        public unsafe Tensor[] unbind(long dim = 0) =>
            ListResult((buffer, capacity, count) => rt_unbind(Handle, dim, buffer, capacity, count));

        private unsafe delegate int ListCall(IntPtr* buffer, int capacity, int* count);

        private unsafe Tensor[] ListResult(ListCall call)
        {
            NativeReleaseQueue.DrainIfAny();
            int count;
            var small = stackalloc IntPtr[32];
            Check(call(small, 32, &count));
            if (count <= 32)
            {
                GC.KeepAlive(this);
                return WrapAll(small, count);
            }
            var big = new IntPtr[count];
            fixed (IntPtr* p = big) Check(call(p, count, &count));
            GC.KeepAlive(this);
            fixed (IntPtr* p = big) return WrapAll(p, count);
        }

        private static unsafe Tensor[] WrapAll(IntPtr* handles, int count)
        {
            var result = new Tensor[count];
            for (var i = 0; i < count; i++) result[i] = Wrap(handles[i]);
            return result;
        }

        // ---- conversions ---------------------------------------------------------------

        private unsafe Tensor To(int dtype, int deviceType, int deviceIndex, bool copy)
        {
            NativeReleaseQueue.DrainIfAny();
            IntPtr r;
            Check(rt_to(Handle, dtype, deviceType, deviceIndex, copy ? 1 : 0, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>This tensor's data on <paramref name="device"/> (a new tensor object sharing data when already there).</summary>
        public Tensor to(Device device, bool copy = false) => To(-1, (int)device.type, device.index, copy);

        /// <summary>This tensor's data on a device given by name ("cpu", "cuda:0").</summary>
        public Tensor to(string device, bool copy = false) => to(new Device(device), copy);

        /// <summary>This tensor converted to <paramref name="dtype"/>.</summary>
        public Tensor to(ScalarType dtype, bool copy = false) => To((int)dtype, -1, -1, copy);

        /// <summary>This tensor converted to <paramref name="dtype"/> and moved to <paramref name="device"/>.</summary>
        public Tensor to(ScalarType dtype, Device device, bool copy = false) => To((int)dtype, (int)device.type, device.index, copy);

        /// <summary>This tensor converted to <paramref name="dtype"/> (TorchSharp's name).</summary>
        public Tensor to_type(ScalarType dtype) => to(dtype);

        /// <summary>This tensor on the CPU.</summary>
        public Tensor cpu() => to(CPU);

        /// <summary>This tensor on a CUDA device.</summary>
        public Tensor cuda(int index = -1) => to(new Device(DeviceType.CUDA, index));

        /// <summary>Converted to float32.</summary>
        public Tensor @float() => to(ScalarType.Float32);

        /// <summary>Converted to float64.</summary>
        public Tensor @double() => to(ScalarType.Float64);

        /// <summary>Converted to int64.</summary>
        public Tensor @long() => to(ScalarType.Int64);

        /// <summary>Converted to bool.</summary>
        public Tensor @bool() => to(ScalarType.Bool);
    }

    /// <summary>Concatenates tensors along an existing dimension.</summary>
    public static unsafe Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => ListOp(tensors, dim, &rt_cat);

    /// <summary>Stacks tensors of equal shape along a new dimension.</summary>
    public static unsafe Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => ListOp(tensors, dim, &rt_stack);

    private static unsafe Tensor ListOp(IReadOnlyList<Tensor> tensors, long dim, delegate*<IntPtr*, int, long, IntPtr*, int> fn)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        NativeReleaseQueue.DrainIfAny();
        Span<IntPtr> handles = tensors.Count <= 64 ? stackalloc IntPtr[tensors.Count] : new IntPtr[tensors.Count];
        for (var i = 0; i < tensors.Count; i++) handles[i] = tensors[i].Handle;
        IntPtr r;
        fixed (IntPtr* p = handles) Check(fn(p, tensors.Count, dim, &r));
        GC.KeepAlive(tensors);
        return Tensor.Wrap(r);
    }

    /// <summary>Splits along <paramref name="dim"/> into pieces of <paramref name="split_size"/>.</summary>
    public static Tensor[] split(Tensor input, long split_size, long dim = 0) => input.split(split_size, dim);

    /// <summary>Splits along <paramref name="dim"/> into <paramref name="chunks"/> pieces.</summary>
    public static Tensor[] chunk(Tensor input, long chunks, long dim = 0) => input.chunk(chunks, dim);

    /// <summary>Flattens dimensions of <paramref name="input"/>.</summary>
    public static Tensor flatten(Tensor input, long start_dim = 0, long end_dim = -1) => input.flatten(start_dim, end_dim);

    /// <summary>Transposes two dimensions of <paramref name="input"/>.</summary>
    public static Tensor transpose(Tensor input, long dim0, long dim1) => input.transpose(dim0, dim1);

    /// <summary>Reshapes <paramref name="input"/>.</summary>
    public static Tensor reshape(Tensor input, params long[] shape) => input.reshape(shape);
}
