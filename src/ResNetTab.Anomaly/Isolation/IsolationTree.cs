namespace ResNetTab.Anomaly;

/// <summary>
/// One fitted isolation tree in scikit-learn's layout: node 0 is the root, a leaf has feature −1, an internal
/// node sends <c>x[feature] &lt;= threshold</c> left. Thresholds are doubles compared with float32 features,
/// as scikit-learn does.
/// </summary>
internal sealed class IsolationTree
{
    private readonly int[] _feature, _left, _right, _nodeSamples;
    private readonly double[] _threshold;

    // Scoring layout: nodes renumbered breadth-first so that children are adjacent (right = left + 1).
    private readonly int[] _fastFeature, _fastChild;
    private readonly float[] _fastThreshold;
    private readonly double[] _fastLeafValue;

    /// <summary>Builds a tree from node arrays (all the same length).</summary>
    /// <param name="feature">Split feature per node; −1 marks a leaf.</param>
    /// <param name="threshold">Split threshold per node (ignored for leaves).</param>
    /// <param name="left">Left child per node; −1 for leaves.</param>
    /// <param name="right">Right child per node; −1 for leaves.</param>
    /// <param name="nodeSampleCount">Training samples that reached each node (scikit-learn's <c>n_node_samples</c>).</param>
    /// <exception cref="ArgumentException">Inconsistent arrays, or not a tree rooted at node 0.</exception>
    public IsolationTree(int[] feature, double[] threshold, int[] left, int[] right, int[] nodeSampleCount)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(threshold);
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(nodeSampleCount);
        int n = feature.Length;
        if (n == 0 || threshold.Length != n || left.Length != n || right.Length != n || nodeSampleCount.Length != n)
            throw new ArgumentException("Node arrays must be non-empty and of equal length.", nameof(feature));
        _feature = (int[])feature.Clone();
        _threshold = (double[])threshold.Clone();
        _left = (int[])left.Clone();
        _right = (int[])right.Clone();
        _nodeSamples = (int[])nodeSampleCount.Clone();

        _fastFeature = new int[n];
        _fastChild = new int[n];
        _fastThreshold = new float[n];
        _fastLeafValue = new double[n];
        var depth = new int[n];
        var visited = new bool[n];
        var order = new int[n];     // new index -> old index
        order[0] = 0;
        visited[0] = true;
        int next = 1;
        for (int head = 0; head < next; head++)
        {
            int old = order[head];
            if (_feature[old] < 0)
            {
                _fastFeature[head] = -1;
                _fastLeafValue[head] = depth[head] + AveragePathLength.Of(_nodeSamples[old]);
                MaxDepth = Math.Max(MaxDepth, depth[head]);
                continue;
            }
            int l = _left[old], r = _right[old];
            if ((uint)l >= (uint)n || (uint)r >= (uint)n || visited[l] || visited[r] || l == r)
                throw new ArgumentException($"Node {old} has invalid children ({l}, {r}).", nameof(left));
            visited[l] = visited[r] = true;
            _fastFeature[head] = _feature[old];
            _fastThreshold[head] = FloatAtMost(_threshold[old]);
            _fastChild[head] = next;
            order[next] = l;
            depth[next++] = depth[head] + 1;
            order[next] = r;
            depth[next++] = depth[head] + 1;
        }
        if (next != n) throw new ArgumentException("Some nodes are not reachable from the root.", nameof(feature));
        for (int i = 0; i < n; i++)
            if (_feature[i] >= 0 && _feature[i] > MaxFeatureIndex) MaxFeatureIndex = _feature[i];
        if (MaxFeatureIndex < 0) MaxFeatureIndex = -1;
    }

    /// <summary>Number of nodes.</summary>
    public int NodeCount => _feature.Length;

    /// <summary>Depth of the deepest leaf (root = 0).</summary>
    public int MaxDepth { get; }

    /// <summary>Largest feature index used by a split (−1 for a single-leaf tree).</summary>
    public int MaxFeatureIndex { get; } = -1;

    /// <summary>Split feature per node (−1 = leaf).</summary>
    public IReadOnlyList<int> Feature => _feature;

    /// <summary>Split threshold per node.</summary>
    public IReadOnlyList<double> Threshold => _threshold;

    /// <summary>Left child per node (−1 = leaf).</summary>
    public IReadOnlyList<int> Left => _left;

    /// <summary>Right child per node (−1 = leaf).</summary>
    public IReadOnlyList<int> Right => _right;

    /// <summary>Training samples per node.</summary>
    public IReadOnlyList<int> NodeSampleCount => _nodeSamples;

    /// <summary>
    /// Path length of one row, as scikit-learn: depth of the leaf reached plus c(n_leaf), where n_leaf is the
    /// leaf's training sample count.
    /// </summary>
    /// <param name="row">The row's features (at least <see cref="MaxFeatureIndex"/> + 1 of them).</param>
    public double PathLength(ReadOnlySpan<float> row)
    {
        if (row.Length <= MaxFeatureIndex)
            throw new ArgumentException($"The row has {row.Length} features; the tree uses feature {MaxFeatureIndex}.", nameof(row));
        int node = 0, f;
        while ((f = _fastFeature[node]) >= 0)
            node = _fastChild[node] + (row[f] <= _fastThreshold[node] ? 0 : 1);
        return _fastLeafValue[node];
    }

    /// <summary>Path length of the row starting at <paramref name="offset"/> in <paramref name="data"/>; no checks.</summary>
    internal double PathLengthUnchecked(float[] data, int offset)
    {
        ref float row = ref data[offset];
        int node = 0, f;
        while ((f = _fastFeature[node]) >= 0)
            node = _fastChild[node] + (System.Runtime.CompilerServices.Unsafe.Add(ref row, f) <= _fastThreshold[node] ? 0 : 1);
        return _fastLeafValue[node];
    }

    /// <summary>The largest float not above <paramref name="t"/>: for float x, x &lt;= t exactly when x &lt;= result.</summary>
    internal static float FloatAtMost(double t)
    {
        float f = (float)t;
        if (f > t) f = MathF.BitDecrement(f);
        return f;
    }
}
