using ResNetTab.Torch.Native;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        // Integral scalars keep integral tensors integral (PyTorch's type promotion): t + 1 stays int64, t + 1.0 becomes float.
        private static NativeScalar S(double v) => NativeScalar.From(v);
        private static NativeScalar S(long v) => NativeScalar.From(v);

        /// <summary>Elementwise sum.</summary>
        public static unsafe Tensor operator +(Tensor a, Tensor b) => Call(&rt_add, a, b);
        /// <summary>Tensor plus scalar.</summary>
        public static unsafe Tensor operator +(Tensor a, double b) => Call(&rt_add_scalar, a, S(b));
        /// <summary>Tensor plus integral scalar.</summary>
        public static unsafe Tensor operator +(Tensor a, long b) => Call(&rt_add_scalar, a, S(b));
        /// <summary>Scalar plus tensor.</summary>
        public static unsafe Tensor operator +(double a, Tensor b) => Call(&rt_add_scalar, b, S(a));
        /// <summary>Integral scalar plus tensor.</summary>
        public static unsafe Tensor operator +(long a, Tensor b) => Call(&rt_add_scalar, b, S(a));

        /// <summary>Elementwise difference.</summary>
        public static unsafe Tensor operator -(Tensor a, Tensor b) => Call(&rt_sub, a, b);
        /// <summary>Tensor minus scalar.</summary>
        public static unsafe Tensor operator -(Tensor a, double b) => Call(&rt_sub_scalar, a, S(b));
        /// <summary>Tensor minus integral scalar.</summary>
        public static unsafe Tensor operator -(Tensor a, long b) => Call(&rt_sub_scalar, a, S(b));
        /// <summary>Scalar minus tensor.</summary>
        public static unsafe Tensor operator -(double a, Tensor b) => Call(&rt_rsub_scalar, b, S(a));
        /// <summary>Integral scalar minus tensor.</summary>
        public static unsafe Tensor operator -(long a, Tensor b) => Call(&rt_rsub_scalar, b, S(a));
        /// <summary>Negation.</summary>
        public static unsafe Tensor operator -(Tensor a) => Call(&rt_neg, a);

        /// <summary>Elementwise product.</summary>
        public static unsafe Tensor operator *(Tensor a, Tensor b) => Call(&rt_mul, a, b);
        /// <summary>Tensor times scalar.</summary>
        public static unsafe Tensor operator *(Tensor a, double b) => Call(&rt_mul_scalar, a, S(b));
        /// <summary>Tensor times integral scalar.</summary>
        public static unsafe Tensor operator *(Tensor a, long b) => Call(&rt_mul_scalar, a, S(b));
        /// <summary>Scalar times tensor.</summary>
        public static unsafe Tensor operator *(double a, Tensor b) => Call(&rt_mul_scalar, b, S(a));
        /// <summary>Integral scalar times tensor.</summary>
        public static unsafe Tensor operator *(long a, Tensor b) => Call(&rt_mul_scalar, b, S(a));

        /// <summary>Elementwise true division.</summary>
        public static unsafe Tensor operator /(Tensor a, Tensor b) => Call(&rt_div, a, b);
        /// <summary>Tensor divided by scalar.</summary>
        public static unsafe Tensor operator /(Tensor a, double b) => Call(&rt_div_scalar, a, S(b));
        /// <summary>Tensor divided by integral scalar (true division).</summary>
        public static unsafe Tensor operator /(Tensor a, long b) => Call(&rt_div_scalar, a, S(b));
        /// <summary>Scalar divided by tensor.</summary>
        public static unsafe Tensor operator /(double a, Tensor b) => Call(&rt_rdiv_scalar, b, S(a));

        /// <summary>Python-style remainder.</summary>
        public static unsafe Tensor operator %(Tensor a, Tensor b) => Call(&rt_remainder, a, b);
        /// <summary>Python-style remainder by a scalar.</summary>
        public static unsafe Tensor operator %(Tensor a, double b) => Call(&rt_remainder_scalar, a, S(b));
        /// <summary>Python-style remainder by an integral scalar.</summary>
        public static unsafe Tensor operator %(Tensor a, long b) => Call(&rt_remainder_scalar, a, S(b));

        /// <summary>Elementwise &lt; (bool tensor).</summary>
        public static unsafe Tensor operator <(Tensor a, Tensor b) => Call(&rt_lt, a, b);
        /// <summary>Elementwise &gt; (bool tensor).</summary>
        public static unsafe Tensor operator >(Tensor a, Tensor b) => Call(&rt_gt, a, b);
        /// <summary>Elementwise &lt;= (bool tensor).</summary>
        public static unsafe Tensor operator <=(Tensor a, Tensor b) => Call(&rt_le, a, b);
        /// <summary>Elementwise &gt;= (bool tensor).</summary>
        public static unsafe Tensor operator >=(Tensor a, Tensor b) => Call(&rt_ge, a, b);
        /// <summary>Elementwise &lt; scalar.</summary>
        public static unsafe Tensor operator <(Tensor a, double b) => Call(&rt_lt_scalar, a, S(b));
        /// <summary>Elementwise &gt; scalar.</summary>
        public static unsafe Tensor operator >(Tensor a, double b) => Call(&rt_gt_scalar, a, S(b));
        /// <summary>Elementwise &lt;= scalar.</summary>
        public static unsafe Tensor operator <=(Tensor a, double b) => Call(&rt_le_scalar, a, S(b));
        /// <summary>Elementwise &gt;= scalar.</summary>
        public static unsafe Tensor operator >=(Tensor a, double b) => Call(&rt_ge_scalar, a, S(b));

        /// <summary>Elementwise logical and of bool tensors.</summary>
        public static unsafe Tensor operator &(Tensor a, Tensor b) => Call(&rt_logical_and, a, b);
        /// <summary>Elementwise logical or of bool tensors.</summary>
        public static unsafe Tensor operator |(Tensor a, Tensor b) => Call(&rt_logical_or, a, b);
        /// <summary>Elementwise logical not.</summary>
        public static unsafe Tensor operator !(Tensor a) => Call(&rt_logical_not, a);

        /// <summary>The slice at <paramref name="index"/> along the first dimension.</summary>
        public Tensor this[long index] => select(0, index);

        /// <summary>Rows selected by an int64 index tensor, or elements selected by a bool mask.</summary>
        public unsafe Tensor this[Tensor index]
        {
            get => Call(&rt_index, this, index);
            set => index_put_(index, value);
        }
    }
}
