namespace ResNetTab.Anomaly;

/// <summary>
/// Averages detectors that were fitted on different inputs (raw features, embeddings, the rows themselves), where
/// <see cref="ScoreEnsemble"/>, which fits its members on one matrix, does not apply: each member's score becomes the
/// share of that member's training scores strictly below it, and the shares are averaged. Rows that tie on the average
/// (typically several above every training score of every member) are ordered by the sum of their raw scores.
/// </summary>
public static class RankAverage
{
    /// <summary>The averaged ranks, higher = more anomalous.</summary>
    /// <param name="members">Each member's training scores and its scores of the rows to combine (the same rows, in the same order, for every member).</param>
    /// <returns>One combined score per row.</returns>
    /// <exception cref="ArgumentException">No member, a member without training scores, or members scoring different numbers of rows.</exception>
    public static double[] Combine(IReadOnlyList<(IReadOnlyList<double> Training, IReadOnlyList<double> Scores)> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0) throw new ArgumentException("A rank average needs at least one member.", nameof(members));
        var rows = members[0].Scores.Count;
        for (var m = 0; m < members.Count; m++)
        {
            if (members[m].Training.Count == 0) throw new ArgumentException($"Member {m} has no training scores.", nameof(members));
            if (members[m].Scores.Count != rows)
                throw new ArgumentException($"Member {m} scores {members[m].Scores.Count} rows but member 0 scores {rows}.", nameof(members));
        }
        var result = new double[rows];
        foreach (var (training, scores) in members)
        {
            var sorted = training.Order().ToArray();
            for (var i = 0; i < rows; i++)
                result[i] += ((double)LowerBound(sorted, scores[i]) / sorted.Length / members.Count) + (scores[i] * 1e-12);
        }
        return result;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
