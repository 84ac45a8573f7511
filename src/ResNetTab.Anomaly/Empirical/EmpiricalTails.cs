using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResNetTab.Anomaly;

/// <summary>
/// Each training column's empirical distribution (its sorted values) and the sign of its skewness: the fitted state
/// that ECOD and COPOD share. A cell's left-tail contribution is −log F̂(x) with F̂(x) = #{training values ≤ x} / n and
/// its right-tail contribution −log #{training values ≥ x} / n (PyOD's <c>column_ecdf</c> of X and of −X). A row that
/// is not a training row counts as one more sample: (# + 1) / (n + 1), which is PyOD's <c>decision_function</c> for
/// that row alone appended to the training rows, so an unseen extreme value gets a finite contribution.
/// </summary>
internal sealed class EmpiricalTails
{
    private readonly float[][] _sorted;
    private readonly int[] _skewSign;

    private EmpiricalTails(float[][] sorted, int[] skewSign)
    {
        _sorted = sorted;
        _skewSign = skewSign;
    }

    public int Columns => _sorted.Length;

    public int Rows => _sorted.Length == 0 ? 0 : _sorted[0].Length;

    /// <summary>Sign of each column's (biased, scipy's) skewness; 0 for a constant column.</summary>
    public IReadOnlyList<int> SkewSign => _skewSign;

    public static EmpiricalTails Fit(FeatureMatrix x)
    {
        int n = x.Rows, d = x.Columns;
        var sorted = new float[d][];
        var sign = new int[d];
        var values = x.Values;
        for (int c = 0; c < d; c++)
        {
            var column = new float[n];
            double mean = 0;
            for (int r = 0; r < n; r++) mean += column[r] = values[(r * d) + c];
            mean /= n;
            double m2 = 0, m3 = 0;
            foreach (float v in column)
            {
                double e = v - mean;
                m2 += e * e;
                m3 += e * e * e;
            }
            m2 /= n;
            m3 /= n;
            // scipy returns NaN for a constant column and PyOD maps it to 0; rounding noise of a constant column stays 0 too.
            double skew = m2 > 1e-24 * Math.Max(1, mean * mean) ? m3 / Math.Pow(m2, 1.5) : 0;
            sign[c] = Math.Sign(skew);
            Array.Sort(column);
            sorted[c] = column;
        }
        return new EmpiricalTails(sorted, sign);
    }

    /// <summary>Left- and right-tail contributions (−log of the tail probabilities) of one cell.</summary>
    /// <param name="column">Column index.</param>
    /// <param name="value">The cell's value.</param>
    /// <param name="isTrainingRow">True when the row is one of the fitted rows (it already counts itself).</param>
    public (double Left, double Right) Tails(int column, float value, bool isTrainingRow)
    {
        var sorted = _sorted[column];
        int n = sorted.Length;
        int atMost = UpperBound(sorted, value);
        int atLeast = n - LowerBound(sorted, value);
        return isTrainingRow
            ? (-Math.Log((double)atMost / n), -Math.Log((double)atLeast / n))
            : (-Math.Log((atMost + 1.0) / (n + 1)), -Math.Log((atLeast + 1.0) / (n + 1)));
    }

    public JsonObject Save() => new()
    {
        ["skewSign"] = JsonSerializer.SerializeToNode(_skewSign),
        ["sortedColumns"] = JsonSerializer.SerializeToNode(_sorted),
    };

    public static EmpiricalTails Load(JsonObject model)
    {
        var sign = Json.Get<int[]>(model, "skewSign");
        var sorted = Json.Get<float[][]>(model, "sortedColumns");
        if (sorted.Length != sign.Length)
            throw new InvalidDataException($"'sortedColumns' has {sorted.Length} columns but 'skewSign' has {sign.Length}.");
        if (sorted.Length == 0 || sorted[0] is null || sorted[0].Length == 0)
            throw new InvalidDataException("'sortedColumns' holds no training values.");
        for (int c = 0; c < sorted.Length; c++)
        {
            if (sorted[c] is null || sorted[c].Length != sorted[0].Length)
                throw new InvalidDataException($"'sortedColumns' column {c} has {sorted[c]?.Length ?? 0} values, column 0 has {sorted[0].Length}.");
            if (sign[c] is < -1 or > 1) throw new InvalidDataException($"'skewSign' column {c} is {sign[c]}, not −1, 0 or 1.");
            for (int r = 1; r < sorted[c].Length; r++)
                if (!(sorted[c][r - 1] <= sorted[c][r]))
                    throw new InvalidDataException($"'sortedColumns' column {c} is not sorted at position {r}.");
        }
        return new EmpiricalTails(sorted, sign);
    }

    private static int LowerBound(float[] a, float v)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (a[mid] < v) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static int UpperBound(float[] a, float v)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (a[mid] <= v) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
