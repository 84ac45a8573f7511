namespace ResNetTab.Anomaly.Evaluation;

/// <summary>
/// Cumulative true/false positives at each distinct score, highest score first: scikit-learn's
/// <c>_binary_clf_curve</c>.
/// </summary>
internal readonly struct BinaryCurve
{
    public double[] Thresholds { get; }
    public double[] TruePositives { get; }
    public double[] FalsePositives { get; }

    public BinaryCurve(IReadOnlyList<int> yTrue, IReadOnlyList<double> scores)
    {
        Labels.Check(yTrue, scores);
        int n = scores.Count;
        var order = Enumerable.Range(0, n).ToArray();
        var keys = scores.ToArray();
        // Descending by score; order among equal scores does not matter since ties are grouped.
        Array.Sort(keys, order, Comparer<double>.Create((a, b) => b.CompareTo(a)));
        var thr = new List<double>();
        var tps = new List<double>();
        var fps = new List<double>();
        double tp = 0, fp = 0;
        for (int i = 0; i < n; i++)
        {
            if (yTrue[order[i]] == 1) tp++; else fp++;
            if (i == n - 1 || keys[i + 1] != keys[i])
            {
                thr.Add(keys[i]);
                tps.Add(tp);
                fps.Add(fp);
            }
        }
        Thresholds = thr.ToArray();
        TruePositives = tps.ToArray();
        FalsePositives = fps.ToArray();
    }
}
