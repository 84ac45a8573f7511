using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        private unsafe delegate int DimsCall(long* dims, int ndims, int keepdim);

        private unsafe Tensor Reduce(long[] dims, bool keepdim, delegate*<IntPtr, long*, int, int, IntPtr*, int> fn)
        {
            IntPtr r;
            fixed (long* d = dims) Check(fn(Handle, d, dims.Length, keepdim ? 1 : 0, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Sum of all elements (integral inputs sum to int64); <paramref name="dtype"/> sets the accumulation type.</summary>
        public unsafe Tensor sum(ScalarType? dtype = null)
        {
            IntPtr r;
            Check(rt_sum(Handle, dtype.HasValue ? (int)dtype.Value : -1, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Sum over one dimension.</summary>
        public Tensor sum(long dim, bool keepdim = false, ScalarType? dtype = null) => sum([dim], keepdim, dtype);

        /// <summary>Sum over several dimensions.</summary>
        public unsafe Tensor sum(long[] dims, bool keepdim = false, ScalarType? dtype = null)
        {
            IntPtr r;
            fixed (long* d = dims) Check(rt_sum_dims(Handle, d, dims.Length, keepdim ? 1 : 0, dtype.HasValue ? (int)dtype.Value : -1, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Mean of all elements.</summary>
        public unsafe Tensor mean() => Call(&rt_mean, this);
        /// <summary>Mean over one dimension.</summary>
        public unsafe Tensor mean(long dim, bool keepdim = false) => Reduce([dim], keepdim, &rt_mean_dims);
        /// <summary>Mean over several dimensions.</summary>
        public unsafe Tensor mean(long[] dims, bool keepdim = false) => Reduce(dims, keepdim, &rt_mean_dims);

        /// <summary>Standard deviation of all elements (Bessel-corrected unless <paramref name="unbiased"/> is false).</summary>
        public unsafe Tensor std(bool unbiased = true)
        {
            IntPtr r;
            Check(rt_std(Handle, unbiased ? 1 : 0, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Standard deviation over dimensions.</summary>
        public unsafe Tensor std(long[] dims, bool unbiased = true, bool keepdim = false)
        {
            IntPtr r;
            fixed (long* d = dims) Check(rt_std_dims(Handle, d, dims.Length, keepdim ? 1 : 0, unbiased ? 1 : 0, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Standard deviation over one dimension.</summary>
        public Tensor std(long dim, bool unbiased = true, bool keepdim = false) => std([dim], unbiased, keepdim);

        /// <summary>Variance of all elements.</summary>
        public unsafe Tensor var(bool unbiased = true)
        {
            IntPtr r;
            Check(rt_var(Handle, unbiased ? 1 : 0, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Variance over dimensions.</summary>
        public unsafe Tensor var(long[] dims, bool unbiased = true, bool keepdim = false)
        {
            IntPtr r;
            fixed (long* d = dims) Check(rt_var_dims(Handle, d, dims.Length, keepdim ? 1 : 0, unbiased ? 1 : 0, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Variance over one dimension.</summary>
        public Tensor var(long dim, bool unbiased = true, bool keepdim = false) => var([dim], unbiased, keepdim);

        /// <summary>Product of all elements.</summary>
        public unsafe Tensor prod() => Call(&rt_prod, this);
        /// <summary>Largest element.</summary>
        public unsafe Tensor max() => Call(&rt_max_all, this);
        /// <summary>Smallest element.</summary>
        public unsafe Tensor min() => Call(&rt_min_all, this);
        /// <summary>Flat index of the largest element.</summary>
        public unsafe Tensor argmax() => Call(&rt_argmax_all, this);
        /// <summary>Flat index of the smallest element.</summary>
        public unsafe Tensor argmin() => Call(&rt_argmin_all, this);

        /// <summary>Index of the largest element along <paramref name="dim"/>.</summary>
        public unsafe Tensor argmax(long dim, bool keepdim = false)
        {
            IntPtr r;
            Check(rt_argmax(Handle, dim, keepdim ? 1 : 0, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Index of the smallest element along <paramref name="dim"/>.</summary>
        public unsafe Tensor argmin(long dim, bool keepdim = false)
        {
            IntPtr r;
            Check(rt_argmin(Handle, dim, keepdim ? 1 : 0, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Largest values and their indices along <paramref name="dim"/>.</summary>
        public unsafe (Tensor values, Tensor indexes) max(long dim, bool keepdim = false)
        {
            IntPtr v, i;
            Check(rt_max_dim(Handle, dim, keepdim ? 1 : 0, &v, &i));
            GC.KeepAlive(this);
            return WrapPair(v, i);
        }

        /// <summary>Smallest values and their indices along <paramref name="dim"/>.</summary>
        public unsafe (Tensor values, Tensor indexes) min(long dim, bool keepdim = false)
        {
            IntPtr v, i;
            Check(rt_min_dim(Handle, dim, keepdim ? 1 : 0, &v, &i));
            GC.KeepAlive(this);
            return WrapPair(v, i);
        }

        /// <summary>p-norm of all elements (default Euclidean).</summary>
        public unsafe Tensor norm(double p = 2.0)
        {
            IntPtr r;
            Check(rt_norm(Handle, p, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>p-norm over dimensions.</summary>
        public unsafe Tensor norm(long[] dims, double p = 2.0, bool keepdim = false)
        {
            IntPtr r;
            fixed (long* d = dims) Check(rt_norm_dims(Handle, p, d, dims.Length, keepdim ? 1 : 0, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>p-norm over one dimension.</summary>
        public Tensor norm(long dim, double p = 2.0, bool keepdim = false) => norm([dim], p, keepdim);

        /// <summary>log(Σ exp(x)) over dimensions, computed stably.</summary>
        public unsafe Tensor logsumexp(long[] dims, bool keepdim = false) => Reduce(dims, keepdim, &rt_logsumexp);
        /// <summary>log(Σ exp(x)) over one dimension.</summary>
        public Tensor logsumexp(long dim, bool keepdim = false) => logsumexp([dim], keepdim);
        /// <summary>Cumulative sum along <paramref name="dim"/>.</summary>
        public unsafe Tensor cumsum(long dim) => Call(&rt_cumsum, this, dim);
        /// <summary>True when every element is non-zero (bool tensor).</summary>
        public unsafe Tensor all() => Call(&rt_all, this);
        /// <summary>True when any element is non-zero (bool tensor).</summary>
        public unsafe Tensor any() => Call(&rt_any, this);

        /// <summary>The <paramref name="k"/> largest (or smallest) elements along <paramref name="dim"/> and their indices.</summary>
        public unsafe (Tensor values, Tensor indexes) topk(long k, long dim = -1, bool largest = true, bool sorted = true)
        {
            IntPtr v, i;
            Check(rt_topk(Handle, k, dim, largest ? 1 : 0, sorted ? 1 : 0, &v, &i));
            GC.KeepAlive(this);
            return WrapPair(v, i);
        }

        /// <summary>Sorted values and the permutation that sorts them.</summary>
        public unsafe (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false, bool stable = false)
        {
            IntPtr v, i;
            Check(rt_sort(Handle, dim, descending ? 1 : 0, stable ? 1 : 0, &v, &i));
            GC.KeepAlive(this);
            return WrapPair(v, i);
        }

        /// <summary>Indices that sort the tensor along <paramref name="dim"/>.</summary>
        public unsafe Tensor argsort(long dim = -1, bool descending = false)
        {
            IntPtr r;
            Check(rt_argsort(Handle, dim, descending ? 1 : 0, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>The k-th smallest element (1-based) along <paramref name="dim"/> and its index.</summary>
        public unsafe (Tensor values, Tensor indices) kthvalue(long k, long dim = -1, bool keepdim = false)
        {
            IntPtr v, i;
            Check(rt_kthvalue(Handle, k, dim, keepdim ? 1 : 0, &v, &i));
            GC.KeepAlive(this);
            return WrapPair(v, i);
        }
    }

    /// <summary>Sum of all elements.</summary>
    public static Tensor sum(Tensor x) => x.sum();
    /// <summary>Mean of all elements.</summary>
    public static Tensor mean(Tensor x) => x.mean();
    /// <summary>The k largest elements and their indices.</summary>
    public static (Tensor values, Tensor indexes) topk(Tensor x, long k, long dim = -1, bool largest = true, bool sorted = true) => x.topk(k, dim, largest, sorted);
}
