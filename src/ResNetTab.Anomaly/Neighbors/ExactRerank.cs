namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Turns float32 shortlists into exact neighbours: candidate distances are recomputed in float64 from the float32
/// inputs and ranked with ties broken by the smaller index (scikit-learn's order). A shortlist is only trusted
/// when its float32 error bound proves that no rejected row can reach the k-th place; otherwise the row is
/// searched again exactly over every reference row, so results never depend on float32 rounding.
/// </summary>
internal static class ExactRerank
{
    /// <summary>Squared Euclidean distance in float64 (the summation order every exact search shares).</summary>
    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int f = 0; f < a.Length; f++)
        {
            double diff = (double)a[f] - b[f];
            sum += diff * diff;
        }
        return sum;
    }

    /// <summary>
    /// Worst-case absolute error of a float32 ‖q‖² + ‖r‖² − 2 q·r evaluation of centred rows with
    /// <paramref name="features"/> features, for query norm <paramref name="queryNorm"/> and largest reference
    /// norm <paramref name="maxReferenceNorm"/> (squared norms); generous by a factor of about four.
    /// </summary>
    public static double ErrorBound(int features, double queryNorm, double maxReferenceNorm) =>
        (features + 8) * Math.ScaleB(1.0, -21) * (queryNorm + maxReferenceNorm + (2 * Math.Sqrt(queryNorm * maxReferenceNorm)));

    /// <summary>
    /// Exact top-<paramref name="k"/> of <paramref name="query"/> from its shortlist
    /// (<paramref name="candidates"/>, <paramref name="count"/> of them) into row <paramref name="outRow"/> of
    /// <paramref name="distances"/>/<paramref name="indices"/>. Returns false when the shortlist cannot be
    /// certified (then nothing is written).
    /// </summary>
    /// <param name="references">Reference rows.</param>
    /// <param name="query">The query row.</param>
    /// <param name="candidates">Shortlisted reference indices.</param>
    /// <param name="count">Shortlist length.</param>
    /// <param name="complete">True when the shortlist holds every admissible reference row.</param>
    /// <param name="largestApprox">Smallest approximate distance any rejected row can have.</param>
    /// <param name="errorBound">Absolute error bound of the approximate distances.</param>
    /// <param name="k">Neighbours wanted.</param>
    /// <param name="outRow">Output row.</param>
    /// <param name="distances">Output distances (row-major, k per row).</param>
    /// <param name="indices">Output indices.</param>
    /// <param name="exact">Scratch of at least <paramref name="count"/> doubles.</param>
    /// <param name="order">Scratch of at least <paramref name="count"/> ints.</param>
    public static bool TryRefine(FeatureMatrix references, ReadOnlySpan<float> query, ReadOnlySpan<int> candidates, int count,
        bool complete, double largestApprox, double errorBound, int k, int outRow, double[] distances, int[] indices,
        double[] exact, int[] order)
    {
        for (int c = 0; c < count; c++)
        {
            int j = candidates[c];
            exact[c] = SquaredDistance(query, references.Row(j));
            order[c] = j;
        }
        SortByDistanceThenIndex(exact, order, count);
        // Every rejected row has approximate distance ≥ largestApprox, so exact ≥ largestApprox − errorBound.
        if (!complete && largestApprox - errorBound <= exact[k - 1]) return false;
        int outOff = outRow * k;
        for (int c = 0; c < k; c++)
        {
            distances[outOff + c] = Math.Sqrt(exact[c]);
            indices[outOff + c] = order[c];
        }
        return true;
    }

    /// <summary>Exact top-<paramref name="k"/> of one query over all reference rows (the fallback of an uncertified shortlist).</summary>
    /// <param name="references">Reference rows.</param>
    /// <param name="query">The query row.</param>
    /// <param name="self">Reference row to skip (−1 for none).</param>
    /// <param name="k">Neighbours wanted.</param>
    /// <param name="outRow">Output row.</param>
    /// <param name="distances">Output distances.</param>
    /// <param name="indices">Output indices.</param>
    public static void FullScan(FeatureMatrix references, ReadOnlySpan<float> query, int self, int k, int outRow,
        double[] distances, int[] indices)
    {
        var heapD = new double[k];
        var heapI = new int[k];
        int count = 0;
        for (int j = 0; j < references.Rows; j++)
        {
            if (j == self) continue;
            double d = SquaredDistance(query, references.Row(j));
            BoundedMaxHeap.Push<double>(heapD, heapI, ref count, d, j);
        }
        SortByDistanceThenIndex(heapD, heapI, count);
        int outOff = outRow * k;
        for (int c = 0; c < k; c++)
        {
            distances[outOff + c] = Math.Sqrt(heapD[c]);
            indices[outOff + c] = heapI[c];
        }
    }

    /// <summary>Sorts the first <paramref name="count"/> pairs by distance, then index.</summary>
    public static void SortByDistanceThenIndex(double[] exact, int[] order, int count)
    {
        Array.Sort(exact, order, 0, count, Comparer<double>.Default);
        // Equal distances: smaller index first (Array.Sort is unstable).
        for (int a = 1; a < count; a++)
        {
            for (int b = a; b > 0 && exact[b] == exact[b - 1] && order[b] < order[b - 1]; b--)
                (order[b], order[b - 1]) = (order[b - 1], order[b]);
        }
    }
}
