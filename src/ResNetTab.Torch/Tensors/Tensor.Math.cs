using ResNetTab.Torch.Native;
using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        // ---- arithmetic ----------------------------------------------------------------

        /// <summary>this + other (broadcasting).</summary>
        public unsafe Tensor add(Tensor other) => Call(&rt_add, this, other);

        /// <summary>this + alpha × other.</summary>
        public Tensor add(Tensor other, double alpha) => AddAlpha(other, NativeScalar.From(alpha));

        /// <summary>this + alpha × other with an integral alpha (keeps integral tensors integral).</summary>
        public Tensor add(Tensor other, long alpha) => AddAlpha(other, NativeScalar.From(alpha));

        private unsafe Tensor AddAlpha(Tensor other, NativeScalar alpha)
        {
            IntPtr r;
            Check(rt_add_alpha(Handle, other.Handle, alpha, &r));
            GC.KeepAlive(this);
            GC.KeepAlive(other);
            return Wrap(r);
        }

        /// <summary>this + scalar.</summary>
        public unsafe Tensor add(double scalar) => Call(&rt_add_scalar, this, NativeScalar.From(scalar));
        /// <summary>this − other.</summary>
        public unsafe Tensor sub(Tensor other) => Call(&rt_sub, this, other);
        /// <summary>this + integral scalar (an integral tensor stays integral).</summary>
        public unsafe Tensor add(long scalar) => Call(&rt_add_scalar, this, NativeScalar.From(scalar));
        /// <summary>this − integral scalar.</summary>
        public unsafe Tensor sub(long scalar) => Call(&rt_sub_scalar, this, NativeScalar.From(scalar));
        /// <summary>this × integral scalar.</summary>
        public unsafe Tensor mul(long scalar) => Call(&rt_mul_scalar, this, NativeScalar.From(scalar));
        /// <summary>Python-style remainder by an integral scalar.</summary>
        public unsafe Tensor remainder(long scalar) => Call(&rt_remainder_scalar, this, NativeScalar.From(scalar));
        /// <summary>Elementwise power by an integral exponent (an integral tensor stays integral).</summary>
        public unsafe Tensor pow(long exponent) => Call(&rt_pow_scalar, this, NativeScalar.From(exponent));
        /// <summary>this − scalar.</summary>
        public unsafe Tensor sub(double scalar) => Call(&rt_sub_scalar, this, NativeScalar.From(scalar));
        /// <summary>this × other (elementwise).</summary>
        public unsafe Tensor mul(Tensor other) => Call(&rt_mul, this, other);
        /// <summary>this × scalar.</summary>
        public unsafe Tensor mul(double scalar) => Call(&rt_mul_scalar, this, NativeScalar.From(scalar));
        /// <summary>this ÷ other (true division).</summary>
        public unsafe Tensor div(Tensor other) => Call(&rt_div, this, other);
        /// <summary>this ÷ scalar (true division).</summary>
        public unsafe Tensor div(double scalar) => Call(&rt_div_scalar, this, NativeScalar.From(scalar));
        /// <summary>Python-style remainder (sign of the divisor).</summary>
        public unsafe Tensor remainder(Tensor other) => Call(&rt_remainder, this, other);
        /// <summary>Python-style remainder by a scalar.</summary>
        public unsafe Tensor remainder(double scalar) => Call(&rt_remainder_scalar, this, NativeScalar.From(scalar));
        /// <summary>Elementwise power.</summary>
        public unsafe Tensor pow(Tensor exponent) => Call(&rt_pow, this, exponent);
        /// <summary>Elementwise power by a scalar exponent.</summary>
        public unsafe Tensor pow(double exponent) => Call(&rt_pow_scalar, this, NativeScalar.From(exponent));
        /// <summary>Elementwise maximum.</summary>
        public unsafe Tensor maximum(Tensor other) => Call(&rt_maximum, this, other);
        /// <summary>Elementwise minimum.</summary>
        public unsafe Tensor minimum(Tensor other) => Call(&rt_minimum, this, other);
        /// <summary>Elementwise atan2(this, other).</summary>
        public unsafe Tensor atan2(Tensor other) => Call(&rt_atan2, this, other);

        // ---- comparisons -----------------------------------------------------------------

        /// <summary>Elementwise ==, as a bool tensor.</summary>
        public unsafe Tensor eq(Tensor other) => Call(&rt_eq, this, other);
        /// <summary>Elementwise == scalar.</summary>
        public unsafe Tensor eq(double other) => Call(&rt_eq_scalar, this, NativeScalar.From(other));
        /// <summary>Elementwise !=.</summary>
        public unsafe Tensor ne(Tensor other) => Call(&rt_ne, this, other);
        /// <summary>Elementwise != scalar.</summary>
        public unsafe Tensor ne(double other) => Call(&rt_ne_scalar, this, NativeScalar.From(other));
        /// <summary>Elementwise &lt;.</summary>
        public unsafe Tensor lt(Tensor other) => Call(&rt_lt, this, other);
        /// <summary>Elementwise &lt; scalar.</summary>
        public unsafe Tensor lt(double other) => Call(&rt_lt_scalar, this, NativeScalar.From(other));
        /// <summary>Elementwise &lt;=.</summary>
        public unsafe Tensor le(Tensor other) => Call(&rt_le, this, other);
        /// <summary>Elementwise &lt;= scalar.</summary>
        public unsafe Tensor le(double other) => Call(&rt_le_scalar, this, NativeScalar.From(other));
        /// <summary>Elementwise &gt;.</summary>
        public unsafe Tensor gt(Tensor other) => Call(&rt_gt, this, other);
        /// <summary>Elementwise &gt; scalar.</summary>
        public unsafe Tensor gt(double other) => Call(&rt_gt_scalar, this, NativeScalar.From(other));
        /// <summary>Elementwise &gt;=.</summary>
        public unsafe Tensor ge(Tensor other) => Call(&rt_ge, this, other);
        /// <summary>Elementwise &gt;= scalar.</summary>
        public unsafe Tensor ge(double other) => Call(&rt_ge_scalar, this, NativeScalar.From(other));
        /// <summary>Elementwise logical and.</summary>
        public unsafe Tensor logical_and(Tensor other) => Call(&rt_logical_and, this, other);
        /// <summary>Elementwise logical or.</summary>
        public unsafe Tensor logical_or(Tensor other) => Call(&rt_logical_or, this, other);
        /// <summary>Elementwise logical not.</summary>
        public unsafe Tensor logical_not() => Call(&rt_logical_not, this);

        /// <summary>True when every element is close: |this − other| ≤ atol + rtol × |other|.</summary>
        public unsafe bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
        {
            IntPtr r;
            Check(rt_allclose(Handle, other.Handle, rtol, atol, &r));
            GC.KeepAlive(this);
            GC.KeepAlive(other);
            using var result = Wrap(r);
            return result.item<bool>();
        }

        // ---- unary ---------------------------------------------------------------------

        /// <summary>−this.</summary>
        public unsafe Tensor neg() => Call(&rt_neg, this);
        /// <summary>eˣ.</summary>
        public unsafe Tensor exp() => Call(&rt_exp, this);
        /// <summary>Natural logarithm.</summary>
        public unsafe Tensor log() => Call(&rt_log, this);
        /// <summary>ln(1 + x), accurate for small x.</summary>
        public unsafe Tensor log1p() => Call(&rt_log1p, this);
        /// <summary>Square root.</summary>
        public unsafe Tensor sqrt() => Call(&rt_sqrt, this);
        /// <summary>1/√x.</summary>
        public unsafe Tensor rsqrt() => Call(&rt_rsqrt, this);
        /// <summary>Absolute value.</summary>
        public unsafe Tensor abs() => Call(&rt_abs, this);
        /// <summary>Sign (−1, 0, 1).</summary>
        public unsafe Tensor sign() => Call(&rt_sign, this);
        /// <summary>Round down.</summary>
        public unsafe Tensor floor() => Call(&rt_floor, this);
        /// <summary>Round up.</summary>
        public unsafe Tensor ceil() => Call(&rt_ceil, this);
        /// <summary>Round half to even.</summary>
        public unsafe Tensor round() => Call(&rt_round, this);
        /// <summary>Sine.</summary>
        public unsafe Tensor sin() => Call(&rt_sin, this);
        /// <summary>Cosine.</summary>
        public unsafe Tensor cos() => Call(&rt_cos, this);
        /// <summary>1/x.</summary>
        public unsafe Tensor reciprocal() => Call(&rt_reciprocal, this);
        /// <summary>x².</summary>
        public unsafe Tensor square() => Call(&rt_square, this);
        /// <summary>Logistic sigmoid.</summary>
        public unsafe Tensor sigmoid() => Call(&rt_sigmoid, this);
        /// <summary>Hyperbolic tangent.</summary>
        public unsafe Tensor tanh() => Call(&rt_tanh, this);
        /// <summary>max(x, 0).</summary>
        public unsafe Tensor relu() => Call(&rt_relu, this);

        /// <summary>Gaussian error linear unit; <paramref name="approximate"/> "tanh" for the tanh approximation.</summary>
        public unsafe Tensor gelu(string approximate = "none")
        {
            var tanhApprox = approximate switch
            {
                "none" => 0,
                "tanh" => 1,
                _ => throw new ArgumentException($"approximate must be 'none' or 'tanh', got '{approximate}'", nameof(approximate)),
            };
            IntPtr r;
            Check(rt_gelu(Handle, tanhApprox, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Softmax along <paramref name="dim"/>.</summary>
        public unsafe Tensor softmax(long dim) => Call(&rt_softmax, this, dim);
        /// <summary>Log-softmax along <paramref name="dim"/>.</summary>
        public unsafe Tensor log_softmax(long dim) => Call(&rt_log_softmax, this, dim);
        /// <summary>True where the element is NaN.</summary>
        public unsafe Tensor isnan() => Call(&rt_isnan, this);
        /// <summary>True where the element is ±∞.</summary>
        public unsafe Tensor isinf() => Call(&rt_isinf, this);
        /// <summary>True where the element is finite.</summary>
        public unsafe Tensor isfinite() => Call(&rt_isfinite, this);

        /// <summary>Replaces NaN, +∞ and −∞ (defaults: 0, the largest and the lowest finite value of the dtype).</summary>
        public unsafe Tensor nan_to_num(double nan = 0.0, double? posinf = null, double? neginf = null)
        {
            var (hi, lo) = dtype switch
            {
                ScalarType.Float64 => (double.MaxValue, double.MinValue),
                ScalarType.Float16 => (65504.0, -65504.0),
                ScalarType.BFloat16 => (3.3895313892515355e38, -3.3895313892515355e38),
                _ => ((double)float.MaxValue, (double)float.MinValue),
            };
            IntPtr r;
            Check(rt_nan_to_num(Handle, nan, posinf ?? hi, neginf ?? lo, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        /// <summary>Clamps to [min, max]; either bound may be null.</summary>
        public Tensor clamp(double? min = null, double? max = null) =>
            Clamp(min.HasValue, NativeScalar.From(min ?? 0), max.HasValue, NativeScalar.From(max ?? 0));

        /// <summary>Clamps to integral bounds [min, max] (an integral tensor stays integral); either bound may be null.</summary>
        public Tensor clamp(long? min = null, long? max = null) =>
            Clamp(min.HasValue, NativeScalar.From(min ?? 0), max.HasValue, NativeScalar.From(max ?? 0));

        private unsafe Tensor Clamp(bool hasMin, NativeScalar min, bool hasMax, NativeScalar max)
        {
            if (!hasMin && !hasMax) throw new ArgumentException("clamp needs at least one of min and max");
            IntPtr r;
            Check(rt_clamp(Handle, hasMin ? 1 : 0, min, hasMax ? 1 : 0, max, &r));
            GC.KeepAlive(this);
            return Wrap(r);
        }

        // ---- linear algebra ------------------------------------------------------------

        /// <summary>Matrix product with broadcasting, as torch.matmul.</summary>
        public unsafe Tensor matmul(Tensor other) => Call(&rt_matmul, this, other);
        /// <summary>Product of two matrices.</summary>
        public unsafe Tensor mm(Tensor other) => Call(&rt_mm, this, other);
        /// <summary>Batched product of two 3-D tensors.</summary>
        public unsafe Tensor bmm(Tensor other) => Call(&rt_bmm, this, other);
        /// <summary>Dot product of two 1-D tensors.</summary>
        public unsafe Tensor dot(Tensor other) => Call(&rt_dot, this, other);
        /// <summary>Outer product of two 1-D tensors.</summary>
        public unsafe Tensor outer(Tensor other) => Call(&rt_outer, this, other);

        /// <summary>beta × this + alpha × (mat1 @ mat2).</summary>
        public unsafe Tensor addmm(Tensor mat1, Tensor mat2, double beta = 1, double alpha = 1)
        {
            IntPtr r;
            Check(rt_addmm(Handle, mat1.Handle, mat2.Handle, NativeScalar.From(beta), NativeScalar.From(alpha), &r));
            GC.KeepAlive(this);
            GC.KeepAlive(mat1);
            GC.KeepAlive(mat2);
            return Wrap(r);
        }
    }

    /// <summary>Selects from <paramref name="x"/> where <paramref name="condition"/> is true, else from <paramref name="y"/>.</summary>
    public static unsafe Tensor where(Tensor condition, Tensor x, Tensor y)
    {
        IntPtr r;
        Check(rt_where(condition.Handle, x.Handle, y.Handle, &r));
        GC.KeepAlive(condition);
        GC.KeepAlive(x);
        GC.KeepAlive(y);
        return Tensor.Wrap(r);
    }

    /// <summary>Pairwise p-norm distances between the rows of <paramref name="x1"/> and <paramref name="x2"/>.</summary>
    public static unsafe Tensor cdist(Tensor x1, Tensor x2, double p = 2.0)
    {
        IntPtr r;
        Check(rt_cdist(x1.Handle, x2.Handle, p, &r));
        GC.KeepAlive(x1);
        GC.KeepAlive(x2);
        return Tensor.Wrap(r);
    }

    /// <summary>Matrix product with broadcasting.</summary>
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    /// <summary>Product of two matrices.</summary>
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    /// <summary>Batched matrix product.</summary>
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    /// <summary>beta × input + alpha × (mat1 @ mat2).</summary>
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta = 1, double alpha = 1) => input.addmm(mat1, mat2, beta, alpha);
    /// <summary>eˣ.</summary>
    public static Tensor exp(Tensor x) => x.exp();
    /// <summary>Natural logarithm.</summary>
    public static Tensor log(Tensor x) => x.log();
    /// <summary>ln(1 + x).</summary>
    public static Tensor log1p(Tensor x) => x.log1p();
    /// <summary>Square root.</summary>
    public static Tensor sqrt(Tensor x) => x.sqrt();
    /// <summary>Absolute value.</summary>
    public static Tensor abs(Tensor x) => x.abs();
    /// <summary>Logistic sigmoid.</summary>
    public static Tensor sigmoid(Tensor x) => x.sigmoid();
    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor tanh(Tensor x) => x.tanh();
    /// <summary>max(x, 0).</summary>
    public static Tensor relu(Tensor x) => x.relu();
    /// <summary>Softmax along a dimension.</summary>
    public static Tensor softmax(Tensor x, long dim) => x.softmax(dim);
    /// <summary>Log-softmax along a dimension.</summary>
    public static Tensor log_softmax(Tensor x, long dim) => x.log_softmax(dim);
    /// <summary>Clamps to [min, max].</summary>
    public static Tensor clamp(Tensor x, double? min = null, double? max = null) => x.clamp(min, max);
    /// <summary>Clamps to integral bounds [min, max].</summary>
    public static Tensor clamp(Tensor x, long? min = null, long? max = null) => x.clamp(min, max);
    /// <summary>Elementwise power.</summary>
    public static Tensor pow(Tensor x, double exponent) => x.pow(exponent);
    /// <summary>Elementwise maximum of two tensors.</summary>
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    /// <summary>Elementwise minimum of two tensors.</summary>
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    /// <summary>True where NaN.</summary>
    public static Tensor isnan(Tensor x) => x.isnan();
    /// <summary>True where ±∞.</summary>
    public static Tensor isinf(Tensor x) => x.isinf();
}
