using MathNet.Numerics.Distributions;

namespace ResNetTab.Data.Encoders;

/// <summary>
/// Numeric helpers matching NumPy / scikit-learn definitions so results can be checked against them:
/// linear-interpolation percentiles (<c>np.percentile</c>), <c>np.interp</c>, and the forward
/// <c>QuantileTransformer(output_distribution="normal")</c>.
/// </summary>
public static class NumericMath
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
        // NumPy's lerp form, exact at both ends.
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
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
            else r = (Fp(j + 1) - Fp(j)) / (Xp(j + 1) - Xp(j)) * (v - Xp(j)) + Fp(j);
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
