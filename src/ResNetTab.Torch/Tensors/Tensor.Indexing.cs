using ResNetTab.Torch.Native;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Entries along <paramref name="dim"/> at the positions in the int64 tensor <paramref name="index"/>.</summary>
        public unsafe Tensor index_select(long dim, Tensor index)
        {
            IntPtr r;
            Check(rt_index_select(Handle, dim, index.Handle, &r));
            GC.KeepAlive(this);
            GC.KeepAlive(index);
            return Wrap(r);
        }

        /// <summary>out[i][j] = this[index[i][j]][j] for dim 0 (and analogously for other dims).</summary>
        public unsafe Tensor gather(long dim, Tensor index)
        {
            IntPtr r;
            Check(rt_gather(Handle, dim, index.Handle, &r));
            GC.KeepAlive(this);
            GC.KeepAlive(index);
            return Wrap(r);
        }

        /// <summary>A copy with <paramref name="src"/> written at <paramref name="index"/> along <paramref name="dim"/>.</summary>
        public unsafe Tensor scatter(long dim, Tensor index, Tensor src)
        {
            IntPtr r;
            Check(rt_scatter(Handle, dim, index.Handle, src.Handle, &r));
            GC.KeepAlive(this);
            GC.KeepAlive(index);
            GC.KeepAlive(src);
            return Wrap(r);
        }

        /// <summary>A copy with <paramref name="src"/> added at <paramref name="index"/> along <paramref name="dim"/>.</summary>
        public unsafe Tensor scatter_add(long dim, Tensor index, Tensor src)
        {
            IntPtr r;
            Check(rt_scatter_add(Handle, dim, index.Handle, src.Handle, &r));
            GC.KeepAlive(this);
            GC.KeepAlive(index);
            GC.KeepAlive(src);
            return Wrap(r);
        }

        /// <summary>The elements where the bool <paramref name="mask"/> is true, as a 1-D tensor.</summary>
        public unsafe Tensor masked_select(Tensor mask) => Call(&rt_masked_select, this, mask);

        /// <summary>A copy with the elements where <paramref name="mask"/> is true set to <paramref name="value"/>.</summary>
        public unsafe Tensor masked_fill(Tensor mask, double value)
        {
            IntPtr r;
            Check(rt_masked_fill(Handle, mask.Handle, NativeScalar.From(value), &r));
            GC.KeepAlive(this);
            GC.KeepAlive(mask);
            return Wrap(r);
        }

        /// <summary>Indices of the non-zero elements, one row per element (shape [n, dim]).</summary>
        public unsafe Tensor nonzero() => Call(&rt_nonzero, this);
    }

    /// <summary>Entries of <paramref name="input"/> along <paramref name="dim"/> at <paramref name="index"/>.</summary>
    public static Tensor index_select(Tensor input, long dim, Tensor index) => input.index_select(dim, index);
    /// <summary>Gathers values along an axis.</summary>
    public static Tensor gather(Tensor input, long dim, Tensor index) => input.gather(dim, index);
    /// <summary>Indices of the non-zero elements.</summary>
    public static Tensor nonzero(Tensor input) => input.nonzero();
}
