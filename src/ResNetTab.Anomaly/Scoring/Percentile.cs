namespace ResNetTab.Anomaly;

/// <summary>numpy's <c>percentile</c> with the default linear interpolation.</summary>
internal static class Percentile
{
    /// <summary>The <paramref name="q"/>-th percentile (0–100) of <paramref name="values"/>, as <c>np.percentile</c>.</summary>
    /// <param name="values">Values, in any order.</param>
    /// <param name="q">Percentile in [0, 100].</param>
    public static double Of(IReadOnlyList<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("Percentile of an empty sequence.", nameof(values));
        if (!(q >= 0 && q <= 100)) throw new ArgumentOutOfRangeException(nameof(q), q, "Percentile must be in [0, 100].");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return OfSorted(sorted, q);
    }

    /// <summary>Same as <see cref="Of"/> for values already sorted ascending.</summary>
    /// <param name="sorted">Ascending values.</param>
    /// <param name="q">Percentile in [0, 100].</param>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        int n = sorted.Length;
        double quantile = q / 100.0;
        // numpy's virtual index for the 'linear' method: n*q + (1 - q) - 1.
        double index = (n * quantile) + (1 + (quantile * -1)) - 1;
        int lo = (int)Math.Floor(index);
        if (lo < 0) return sorted[0];
        if (lo >= n - 1) return sorted[n - 1];
        double t = index - lo;
        double a = sorted[lo], b = sorted[lo + 1], diff = b - a;
        // numpy's _lerp: interpolate from the nearer end for accuracy.
        return t >= 0.5 ? b - (diff * (1 - t)) : a + (diff * t);
    }
}
