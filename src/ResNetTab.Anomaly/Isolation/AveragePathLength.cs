namespace ResNetTab.Anomaly;

/// <summary>c(n): the average path length of an unsuccessful search in a binary search tree of n points.</summary>
internal static class AveragePathLength
{
    /// <summary>
    /// scikit-learn's <c>_average_path_length</c>: c(n) = 2(ln(n − 1) + γ) − 2(n − 1)/n for n &gt; 2,
    /// c(2) = 1, c(n ≤ 1) = 0.
    /// </summary>
    /// <param name="n">Number of samples.</param>
    public static double Of(double n)
    {
        if (n <= 1) return 0.0;
        if (n == 2) return 1.0;
        return (2.0 * (Math.Log(n - 1.0) + EulerGamma)) - (2.0 * (n - 1.0) / n);
    }

    /// <summary>The Euler–Mascheroni constant, as <c>np.euler_gamma</c>.</summary>
    public const double EulerGamma = 0.5772156649015329;
}
