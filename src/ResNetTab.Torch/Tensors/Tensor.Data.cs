using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>
        /// Copies the elements, in row-major order, into a new array of <typeparamref name="T"/>,
        /// converting from the tensor's dtype and moving the data to the CPU when needed.
        /// </summary>
        public unsafe T[] ReadAll<T>() where T : unmanaged
        {
            var n = numel();
            var result = new T[n];
            fixed (T* p = result) Check(rt_tensor_copy_to(Handle, (int)ScalarTypeOf<T>(), p, n * sizeof(T)));
            GC.KeepAlive(this);
            return result;
        }

        /// <summary>
        /// A snapshot of the elements as <typeparamref name="T"/>, which must match the tensor's dtype
        /// (float ↔ Float32, long ↔ Int64, …); index it or call <see cref="TensorData{T}.ToArray"/>.
        /// </summary>
        /// <exception cref="InvalidOperationException">The element type does not match the dtype.</exception>
        public TensorData<T> data<T>() where T : unmanaged
        {
            var expected = ScalarTypeOf<T>();
            var actual = dtype;
            if (expected != actual)
                throw new InvalidOperationException($"data<{typeof(T).Name}>() needs a {expected} tensor, but this tensor is {actual}; convert it with to_type() or use ReadAll<{typeof(T).Name}>().");
            return new TensorData<T>(ReadAll<T>(), shape);
        }

        /// <summary>The value of a one-element tensor converted to <typeparamref name="T"/>.</summary>
        /// <exception cref="TorchException">The tensor has more than one element.</exception>
        public unsafe T item<T>() where T : unmanaged
        {
            double d;
            long l;
            Check(rt_tensor_item(Handle, &d, &l));
            GC.KeepAlive(this);
            if (typeof(T) == typeof(float)) return (T)(object)(float)d;
            if (typeof(T) == typeof(double)) return (T)(object)d;
            if (typeof(T) == typeof(long)) return (T)(object)l;
            if (typeof(T) == typeof(int)) return (T)(object)checked((int)l);
            if (typeof(T) == typeof(bool)) return (T)(object)(l != 0);
            if (typeof(T) == typeof(byte)) return (T)(object)checked((byte)l);
            if (typeof(T) == typeof(short)) return (T)(object)checked((short)l);
            throw new NotSupportedException($"item<{typeof(T).Name}>() is not supported.");
        }

        /// <summary>
        /// Pointer to the first element of a contiguous CPU tensor; valid while the tensor lives and is
        /// not resized. For zero-copy interop.
        /// </summary>
        public unsafe IntPtr data_ptr()
        {
            void* p;
            Check(rt_tensor_data_ptr(Handle, &p));
            GC.KeepAlive(this);
            return (IntPtr)p;
        }
    }

    /// <summary>A managed snapshot of a tensor's elements in row-major order, with its shape.</summary>
    public sealed class TensorData<T> : IReadOnlyList<T> where T : unmanaged
    {
        private readonly T[] values;

        internal TensorData(T[] values, long[] shape)
        {
            this.values = values;
            Shape = shape;
        }

        /// <summary>The shape of the tensor the snapshot was taken from.</summary>
        public IReadOnlyList<long> Shape { get; }

        /// <summary>Number of elements.</summary>
        public int Count => values.Length;

        /// <summary>Element at a flat (row-major) index.</summary>
        public T this[int index] => values[index];

        /// <summary>Element at a flat (row-major) index.</summary>
        public T this[long index] => values[index];

        /// <summary>Element at a multi-dimensional index.</summary>
        public T this[params long[] indices]
        {
            get
            {
                if (indices.Length != Shape.Count)
                    throw new ArgumentException($"expected {Shape.Count} indices, got {indices.Length}", nameof(indices));
                long flat = 0;
                for (var i = 0; i < indices.Length; i++)
                {
                    if (indices[i] < 0 || indices[i] >= Shape[i])
                        throw new IndexOutOfRangeException($"index {indices[i]} is out of range for dimension {i} of size {Shape[i]}");
                    flat = flat * Shape[i] + indices[i];
                }
                return values[flat];
            }
        }

        /// <summary>A copy of the elements.</summary>
        public T[] ToArray() => (T[])values.Clone();

        /// <inheritdoc />
        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)values).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => values.GetEnumerator();
    }
}
