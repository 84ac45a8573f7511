namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Turns float32 shortlists into exact neighbours: candidate distances are recomputed in float64 from the float32
/// inputs and ranked by (distance, index): ties go to the smaller index. A shortlist is only trusted
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
    /// <paramref name="features"/> features, for query norm <paramref name="queryNorm"/> and reference norm at most
    /// <paramref name="referenceNorm"/> (squared norms): (d + 8)·2⁻²¹·(‖q‖ + ‖r‖)², generous by a factor of about four.
    /// </summary>
    public static double ErrorBound(int features, double queryNorm, double referenceNorm) =>
        (features + 8) * Math.ScaleB(1.0, -21) * (queryNorm + referenceNorm + (2 * Math.Sqrt(queryNorm * referenceNorm)));

    /// <summary>
    /// The error bound that a rejected row must be allowed for when the k-th exact squared distance is
    /// <paramref name="kth"/>. Only rows with ‖r‖ ≤ T = ‖q‖ + √kth can come that close (triangle inequality on the
    /// centred rows; T is loosened to cover their rounding), so the bound uses min(max‖r‖, T) instead of the largest
    /// norm of the whole set: one far outlier no longer loosens the certificate of every other row.
    /// </summary>
    public static double CertificateBound(int features, double queryNorm, double maxReferenceNorm, double kth)
    {
        double reach = ((Math.Sqrt(queryNorm) + Math.Sqrt(Math.Max(0, kth))) * (1 + Math.ScaleB(1.0, -10))) + 1e-30;
        return ErrorBound(features, queryNorm, Math.Min(maxReferenceNorm, reach * reach));
    }

    /// <summary>
    /// Exact top-<paramref name="k"/> of <paramref name="query"/> from its shortlist
    /// (<paramref name="candidates"/>, <paramref name="count"/> of them) into row <paramref name="outRow"/> of
    /// <paramref name="distances"/>/<paramref name="indices"/>. Returns false when the shortlist cannot be
    /// certified (then nothing is written and <paramref name="kthUpper"/> holds the shortlist's k-th exact squared
    /// distance, an upper bound of the true one, for <see cref="FullScan"/>).
    /// </summary>
    /// <param name="references">Reference rows.</param>
    /// <param name="query">The query row.</param>
    /// <param name="candidates">Shortlisted reference indices.</param>
    /// <param name="count">Shortlist length.</param>
    /// <param name="complete">True when the shortlist holds every admissible reference row.</param>
    /// <param name="largestApprox">Smallest approximate distance any rejected row can have.</param>
    /// <param name="queryNorm">Squared norm of the centred query.</param>
    /// <param name="maxReferenceNorm">Largest squared norm of the centred references.</param>
    /// <param name="k">Neighbours wanted.</param>
    /// <param name="outRow">Output row.</param>
    /// <param name="distances">Output distances (row-major, k per row).</param>
    /// <param name="indices">Output indices.</param>
    /// <param name="exact">Scratch of at least <paramref name="count"/> doubles.</param>
    /// <param name="order">Scratch of at least <paramref name="count"/> ints.</param>
    /// <param name="kthUpper">The shortlist's k-th exact squared distance.</param>
    public static bool TryRefine(FeatureMatrix references, ReadOnlySpan<float> query, ReadOnlySpan<int> candidates, int count,
        bool complete, double largestApprox, double queryNorm, double maxReferenceNorm, int k, int outRow, double[] distances,
        int[] indices, double[] exact, int[] order, out double kthUpper)
    {
        for (int c = 0; c < count; c++)
        {
            int j = candidates[c];
            exact[c] = SquaredDistance(query, references.Row(j));
            order[c] = j;
        }
        SortByDistanceThenIndex(exact, order, count);
        kthUpper = exact[k - 1];
        // Every rejected row has approximate distance ≥ largestApprox, so exact ≥ largestApprox − errorBound.
        if (!complete && largestApprox - CertificateBound(references.Columns, queryNorm, maxReferenceNorm, kthUpper) <= kthUpper)
            return false;
        int outOff = outRow * k;
        for (int c = 0; c < k; c++)
        {
            distances[outOff + c] = Math.Sqrt(exact[c]);
            indices[outOff + c] = order[c];
        }
        return true;
    }

    /// <summary>
    /// Exact top-<paramref name="k"/> of one query over all reference rows (the fallback of an uncertified
    /// shortlist). A float32 pass over every row keeps those whose direct distance Σ(qᵢ − rᵢ)² can be within
    /// <paramref name="kthUpper"/> — that sum has a relative error below (d + 32)·2⁻²³ whatever the norms, so
    /// outliers and ties cost nothing extra — and only those are measured in float64 and ranked by (distance, index).
    /// </summary>
    /// <param name="references">Reference rows.</param>
    /// <param name="query">The query row.</param>
    /// <param name="self">Reference row to skip (−1 for none).</param>
    /// <param name="k">Neighbours wanted.</param>
    /// <param name="kthUpper">An upper bound of the k-th exact squared distance (+∞ when unknown).</param>
    /// <param name="outRow">Output row.</param>
    /// <param name="distances">Output distances.</param>
    /// <param name="indices">Output indices.</param>
    public static unsafe void FullScan(FeatureMatrix references, ReadOnlySpan<float> query, int self, int k, double kthUpper,
        int outRow, double[] distances, int[] indices)
    {
        int d = references.Columns, n = references.Rows;
        double limit = (kthUpper * (1 + ((d + 32) * Math.ScaleB(1.0, -23)))) + (d * Math.ScaleB(1.0, -140));
        var kept = new List<int>(4 * k);
        fixed (float* q = query, r = references.Values)
        {
            for (int j = 0; j < n; j++)
            {
                if (j == self) continue;
                if (SimdDistance.SquaredL2(q, r + ((long)j * d), d) <= limit) kept.Add(j);
            }
        }
        var exact = new double[kept.Count];
        var order = kept.ToArray();
        for (int c = 0; c < order.Length; c++) exact[c] = SquaredDistance(query, references.Row(order[c]));
        SortByDistanceThenIndex(exact, order, order.Length);
        int outOff = outRow * k;
        for (int c = 0; c < k; c++)
        {
            distances[outOff + c] = Math.Sqrt(exact[c]);
            indices[outOff + c] = order[c];
        }
    }

    /// <summary>Sorts the first <paramref name="count"/> pairs by distance, then index (O(n log n), also with many ties).</summary>
    public static void SortByDistanceThenIndex(double[] exact, int[] order, int count)
    {
        Array.Sort(exact, order, 0, count, Comparer<double>.Default);
        // Equal distances: smaller index first (Array.Sort is unstable); each run of ties is sorted by index.
        for (int a = 0; a < count;)
        {
            int b = a + 1;
            while (b < count && exact[b] == exact[a]) b++;
            if (b - a > 1) Array.Sort(order, a, b - a);
            a = b;
        }
    }
}
