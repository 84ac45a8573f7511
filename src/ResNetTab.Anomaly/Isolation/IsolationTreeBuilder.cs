namespace ResNetTab.Anomaly;

/// <summary>Grows one isolation tree exactly as scikit-learn's ExtraTreeRegressor with <c>max_features=1</c>, random splitter.</summary>
internal static class IsolationTreeBuilder
{
    // scikit-learn's FEATURE_THRESHOLD: features whose node range is within it count as constant.
    private const double FeatureThreshold = 1e-7;

    /// <summary>Builds a tree on the distinct training rows <paramref name="rows"/> restricted to <paramref name="features"/>.</summary>
    public static IsolationTree Build(FeatureMatrix x, int[] rows, int[] features, int maxDepth, ref Xoshiro256StarStar rng)
    {
        int m = rows.Length, nf = features.Length, d = x.Columns;
        float[] data = x.Buffer;
        // Local column-major copy: each split scans one feature over the node's rows.
        var cols = new float[nf * m];
        for (int j = 0; j < nf; j++)
        {
            int f = features[j];
            for (int i = 0; i < m; i++) cols[(j * m) + i] = data[((long)rows[i] * d) + f];
        }
        var idx = new int[m];
        for (int i = 0; i < m; i++) idx[i] = i;

        int capacity = Math.Max(1, (2 * m) - 1);
        var feature = new List<int>(capacity);
        var threshold = new List<double>(capacity);
        var left = new List<int>(capacity);
        var right = new List<int>(capacity);
        var count = new List<int>(capacity);
        var candidates = new int[nf];
        var stack = new Stack<(int Start, int End, int Depth, int Node)>();

        AddNode(feature, threshold, left, right, count, m);
        stack.Push((0, m, 0, 0));
        while (stack.Count > 0)
        {
            var (start, end, depth, node) = stack.Pop();
            int n = end - start;
            if (depth >= maxDepth || n < 2) continue;

            // Draw features uniformly among those not constant in this node.
            for (int j = 0; j < nf; j++) candidates[j] = j;
            int remaining = nf, chosen = -1;
            float lo = 0, hi = 0;
            while (remaining > 0)
            {
                int pick = rng.NextInt(remaining);
                int j = candidates[pick];
                int off = j * m;
                lo = cols[off + idx[start]];
                hi = lo;
                for (int p = start + 1; p < end; p++)
                {
                    float v = cols[off + idx[p]];
                    if (v < lo) lo = v;
                    else if (v > hi) hi = v;
                }
                if (hi <= lo + FeatureThreshold)
                {
                    candidates[pick] = candidates[--remaining];
                    continue;
                }
                chosen = j;
                break;
            }
            if (chosen < 0) continue; // every feature constant: leaf

            // Uniform threshold in [min, max), computed in double as scikit-learn's rand_uniform.
            double t = ((hi - (double)lo) * rng.NextDouble()) + lo;
            if (t == hi) t = lo;

            int colOff = chosen * m, split = start;
            for (int p = start; p < end; p++)
            {
                if (cols[colOff + idx[p]] <= t)
                {
                    (idx[p], idx[split]) = (idx[split], idx[p]);
                    split++;
                }
            }

            int l = AddNode(feature, threshold, left, right, count, split - start);
            int r = AddNode(feature, threshold, left, right, count, end - split);
            feature[node] = features[chosen];
            threshold[node] = t;
            left[node] = l;
            right[node] = r;
            stack.Push((split, end, depth + 1, r));
            stack.Push((start, split, depth + 1, l));
        }
        return new IsolationTree(feature.ToArray(), threshold.ToArray(), left.ToArray(), right.ToArray(), count.ToArray());
    }

    private static int AddNode(List<int> feature, List<double> threshold, List<int> left, List<int> right, List<int> count, int n)
    {
        feature.Add(-1);
        threshold.Add(-2); // scikit-learn's TREE_UNDEFINED for leaves
        left.Add(-1);
        right.Add(-1);
        count.Add(n);
        return feature.Count - 1;
    }
}
