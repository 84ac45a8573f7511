using MathNet.Numerics.Distributions;

namespace ResNetTab.Data.Encoders;

/// <summary>
/// Numeric helpers matching NumPy / scikit-learn definitions so results can be checked against them:
/// linear-interpolation percentiles (<c>np.percentile</c>), <c>np.interp</c>, and the forward
/// <c>QuantileTransformer(output_distribution="normal")</c>.
/// </summary>
internal static class NumericMath
{
    /// <summary>Bound used by scikit-learn's quantile transform (1e-7).</summary>
    public const double BoundsThreshold = 1e-7;

    private static readonly double ClipMax = Normal.InvCDF(0, 1, 1 - (BoundsThreshold - Math.Pow(2, -52)));
    private static readonly double ClipMin = Normal.InvCDF(0, 1, BoundsThreshold - Math.Pow(2, -52));

    /// <summary>Percentile <paramref name="q"/> (0..100) of ascending <paramref name="sorted"/>, linear interpolation.</summary>
    public static double Percentile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var pos = q / 100.0 * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        var t = pos - lo;
        var a = sorted[lo];
        var b = sorted[hi];
        return Lerp(a, b, t);
    }

    /// <summary>
    /// a + (b − a)·t in NumPy's form (exact at both ends); when b − a overflows (values near ±1.8e308) the
    /// weighted form a·(1 − t) + b·t is used instead, so the result is always finite and within [a, b].
    /// </summary>
    public static double Lerp(double a, double b, double t)
    {
        if (t == 0 || a == b) return a;
        var d = b - a;
        if (double.IsFinite(d)) return t >= 0.5 ? b - d * (1 - t) : a + d * t;
        return Math.Clamp(a * (1 - t) + b * t, Math.Min(a, b), Math.Max(a, b));
    }

    /// <summary>(v − lo) / (hi − lo) for lo &lt; hi, computed on halves when the differences overflow.</summary>
    private static double Fraction(double v, double lo, double hi)
    {
        var d = hi - lo;
        var f = double.IsFinite(d) && double.IsFinite(v - lo) ? (v - lo) / d : (v / 2 - lo / 2) / (hi / 2 - lo / 2);
        return Math.Clamp(f, 0, 1);
    }

    /// <summary>Quantiles at <c>linspace(0, 100, count)</c>, made non-decreasing, as scikit-learn fits them.</summary>
    public static double[] FitQuantiles(double[] sorted, int count)
    {
        count = Math.Max(2, Math.Min(count, sorted.Length));
        var q = new double[count];
        for (var i = 0; i < count; i++) q[i] = Percentile(sorted, 100.0 * i / (count - 1));
        for (var i = 1; i < count; i++) q[i] = Math.Max(q[i], q[i - 1]);
        return q;
    }

    /// <summary>References <c>linspace(0, 1, count)</c>.</summary>
    public static double Reference(int i, int count) => (double)i / (count - 1);

    /// <summary>Forward quantile-normal transform of one value given fitted quantiles.</summary>
    public static double QuantileNormal(double x, double[] quantiles)
    {
        var n = quantiles.Length;
        if (double.IsNaN(x)) return 0;
        double p;
        if (x - BoundsThreshold < quantiles[0]) p = 0;
        else if (x + BoundsThreshold > quantiles[n - 1]) p = 1;
        else
        {
            // Average of interpolating upwards and downwards: ties get the middle of their range.
            var up = Interp(x, quantiles, ascending: true);
            var down = Interp(x, quantiles, ascending: false);
            p = 0.5 * (up + down);
        }
        var z = Normal.InvCDF(0, 1, p);
        return Math.Clamp(z, ClipMin, ClipMax);
    }

    // np.interp(x, q, refs) when ascending; -np.interp(-x, -q[::-1], -refs[::-1]) otherwise.
    private static double Interp(double x, double[] q, bool ascending)
    {
        var n = q.Length;
        double Xp(int i) => ascending ? q[i] : -q[n - 1 - i];
        double Fp(int i) => ascending ? Reference(i, n) : -Reference(n - 1 - i, n);
        var v = ascending ? x : -x;
        double r;
        if (v < Xp(0)) r = Fp(0);
        else if (v > Xp(n - 1)) r = Fp(n - 1);
        else
        {
            // Last j with xp[j] <= v, as NumPy's binary search returns.
            int lo = 0, hi = n;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (v >= Xp(mid)) lo = mid + 1;
                else hi = mid;
            }
            var j = lo - 1;
            if (j >= n - 1) r = Fp(n - 1);
            else if (Xp(j) == v) r = Fp(j);
            else
            {
                var slope = (Fp(j + 1) - Fp(j)) / (Xp(j + 1) - Xp(j));
                r = double.IsFinite(slope) && double.IsFinite(v - Xp(j)) && slope != 0
                    ? slope * (v - Xp(j)) + Fp(j)
                    : Fp(j) + (Fp(j + 1) - Fp(j)) * Fraction(v, Xp(j), Xp(j + 1));
            }
        }
        return ascending ? r : -r;
    }

    /// <summary>Sign-preserving log1p: sign(x)·log(1 + |x|).</summary>
    public static double SignedLog1p(double x) => Math.Sign(x) * Log1p(Math.Abs(x));

    /// <summary>log(1 + x), accurate for small x.</summary>
    public static double Log1p(double x)
    {
        var u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }
}
