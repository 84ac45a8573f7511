using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>The size of each dimension.</summary>
        public unsafe long[] shape
        {
            get
            {
                var buffer = stackalloc long[16];
                int ndim;
                Check(rt_tensor_shape(Handle, buffer, 16, &ndim));
                if (ndim > 16)
                {
                    var big = new long[ndim];
                    fixed (long* p = big) Check(rt_tensor_shape(Handle, p, ndim, &ndim));
                    GC.KeepAlive(this);
                    return big;
                }
                GC.KeepAlive(this);
                return new ReadOnlySpan<long>(buffer, ndim).ToArray();
            }
        }

        /// <summary>The size of one dimension (negative indices count from the end).</summary>
        public long size(int dim)
        {
            var s = shape;
            var d = dim < 0 ? dim + s.Length : dim;
            if (d < 0 || d >= s.Length)
                throw new ArgumentOutOfRangeException(nameof(dim), dim, $"dimension out of range for a tensor with {s.Length} dimensions");
            return s[d];
        }

        /// <summary>Number of dimensions.</summary>
        public unsafe long dim()
        {
            long r;
            Check(rt_tensor_dim(Handle, &r));
            GC.KeepAlive(this);
            return r;
        }

        /// <summary>Number of dimensions (TorchSharp's property form).</summary>
        public long Dimensions => dim();

        /// <summary>Total number of elements.</summary>
        public unsafe long numel()
        {
            long r;
            Check(rt_tensor_numel(Handle, &r));
            GC.KeepAlive(this);
            return r;
        }

        /// <summary>The element type.</summary>
        public unsafe ScalarType dtype
        {
            get
            {
                int r;
                Check(rt_tensor_dtype(Handle, &r));
                GC.KeepAlive(this);
                return (ScalarType)r;
            }
        }

        /// <summary>The device holding the data.</summary>
        public unsafe Device device
        {
            get
            {
                int type, index;
                Check(rt_tensor_device(Handle, &type, &index));
                GC.KeepAlive(this);
                return (DeviceType)type == DeviceType.CPU ? CPU : new Device((DeviceType)type, index);
            }
        }

        /// <summary>The kind of device holding the data.</summary>
        public DeviceType device_type => device.type;

        /// <summary>True when the elements are laid out densely in row-major order.</summary>
        public unsafe bool is_contiguous()
        {
            int r;
            Check(rt_tensor_is_contiguous(Handle, &r));
            GC.KeepAlive(this);
            return r != 0;
        }

        /// <summary>Size in bytes of one element.</summary>
        public int element_size() => torch.element_size(dtype);

        /// <summary>True for floating-point tensors.</summary>
        public bool is_floating_point() => torch.is_floating_point(dtype);

        /// <summary>Shape, dtype, device and the first few values, e.g. <c>[2x3], type = Float32, device = cpu, values = [1, 2, 3, 4, 5, 6]</c>.</summary>
        public override string ToString()
        {
            if (IsInvalid) return "Tensor (disposed)";
            var s = shape;
            var text = $"[{string.Join("x", s)}], type = {dtype}, device = {device}";
            return text + ", values = " + PreviewValues(6);
        }

        /// <summary>libtorch's own multi-line rendering of the tensor (all values).</summary>
        public unsafe string ToFullString()
        {
            int length;
            Check(rt_tensor_to_string(Handle, null, 0, &length));
            var buffer = new byte[length + 1];
            fixed (byte* p = buffer) Check(rt_tensor_to_string(Handle, p, buffer.Length, &length));
            GC.KeepAlive(this);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
        }

        private string PreviewValues(int max)
        {
            var n = numel();
            if (n == 0) return "[]";
            using var flat = reshape(-1);
            using var head = flat.narrow(0, 0, Math.Min(n, max));
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            string body;
            if (dtype == ScalarType.Bool) body = string.Join(", ", head.ReadAll<long>().Select(v => v != 0 ? "true" : "false"));
            else if (is_floating_point()) body = string.Join(", ", head.ReadAll<double>().Select(v => v.ToString("G6", culture)));
            else body = string.Join(", ", head.ReadAll<long>().Select(v => v.ToString(culture)));
            return "[" + body + (n > max ? ", ..." : "") + "]";
        }
    }
}
