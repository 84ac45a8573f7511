namespace ResNetTab.Samples.OcsfAnomalyDetection;

/// <summary>Averages detectors that see different inputs: each score becomes the share of that detector's training scores below it.</summary>
internal static class RankEnsemble
{
    public static double[] Combine(IReadOnlyList<(IReadOnlyList<double> Training, double[] Scores)> members)
    {
        var result = new double[members[0].Scores.Length];
        foreach (var (training, scores) in members)
        {
            var sorted = training.Order().ToArray();
            for (var i = 0; i < scores.Length; i++)
            {
                var below = Array.BinarySearch(sorted, scores[i]) is var at && at >= 0 ? FirstAtOrAbove(sorted, at) : ~at;
                result[i] += (double)below / sorted.Length / members.Count;
            }
        }
        return result;
    }

    private static int FirstAtOrAbove(double[] sorted, int at)
    {
        while (at > 0 && sorted[at - 1] == sorted[at]) at--;
        return at;
    }
}
