using ResNetTab.Anomaly;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>The detectors a selection may choose from: every single detector and every rank ensemble of 2–4 of them.</summary>
internal static class Candidates
{
    public static string EnsembleName(IEnumerable<string> members) => "ensemble (" + string.Join(" + ", members) + ")";

    public static double[] RankEnsemble(IReadOnlyDictionary<string, double[]> training, IReadOnlyDictionary<string, double[]> test, IEnumerable<string> members) =>
        RankAverage.Combine([.. members.Select(m => ((IReadOnlyList<double>)training[m], (IReadOnlyList<double>)test[m]))]);

    /// <summary>Every subset of 2 to <paramref name="maxSize"/> of <paramref name="singles"/>, in a fixed order.</summary>
    public static IEnumerable<string[]> Subsets(IReadOnlyList<string> singles, int maxSize)
    {
        for (var size = 2; size <= maxSize; size++)
            foreach (var subset in Choose(singles.Count, size))
                yield return [.. subset.Select(i => singles[i])];
    }

    private static IEnumerable<int[]> Choose(int n, int k)
    {
        var index = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return [.. index];
            var i = k - 1;
            while (i >= 0 && index[i] == n - k + i) i--;
            if (i < 0) yield break;
            index[i]++;
            for (var j = i + 1; j < k; j++) index[j] = index[j - 1] + 1;
        }
    }
}
