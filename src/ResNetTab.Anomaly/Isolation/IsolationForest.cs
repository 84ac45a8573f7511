using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResNetTab.Anomaly;

/// <summary>
/// Isolation Forest (Liu, Ting and Zhou 2008) following scikit-learn 1.2's <c>IsolationForest</c>.
/// </summary>
/// <remarks>
/// Each tree draws <c>max_samples</c> rows (and optionally a feature subset), and splits until depth
/// ceil(log2(max_samples)) on a feature chosen uniformly among the node's non-constant features, at a threshold
/// uniform in [min, max); <c>x &lt;= t</c> goes left. The anomaly score is 2^(−E[h(x)]/c(max_samples)) with
/// h = depth + c(n_leaf). <see cref="IAnomalyScorer.ScoreSamples"/> returns its negation as scikit-learn;
/// <see cref="IAnomalyScorer.Score"/> returns the score itself (higher = more anomalous).
/// The random generator differs from numpy's, so individual trees differ from scikit-learn's for the same seed;
/// the algorithm and therefore the score distribution are the same.
/// </remarks>
public sealed class IsolationForest : AnomalyScorerBase
{
    private IsolationTree[] _trees = [];

    /// <summary>Creates an unfitted forest.</summary>
    /// <param name="options">Parameters; null uses scikit-learn's defaults.</param>
    public IsolationForest(IsolationForestOptions? options = null)
        : base((options ?? new IsolationForestOptions()).Contamination)
    {
        Options = options ?? new IsolationForestOptions();
        if (Options.NEstimators < 1) throw new ArgumentOutOfRangeException(nameof(options), "NEstimators must be at least 1.");
    }

    /// <summary>The parameters.</summary>
    public IsolationForestOptions Options { get; }

    /// <summary>The fitted trees (<c>estimators_</c>).</summary>
    internal IReadOnlyList<IsolationTree> Trees => _trees;

    /// <summary>Rows drawn per tree after resolving 'auto'/fractions (<c>max_samples_</c>).</summary>
    public int MaxSamplesResolved { get; private set; }

    /// <inheritdoc />
    protected override int MinSamples => 1;

    /// <inheritdoc />
    protected override double? AutoOffset => -0.5;

    /// <inheritdoc />
    public override string Kind => "IsolationForest";

    /// <summary>
    /// A fitted forest from explicit trees, for inspection and testing. With a fractional contamination the offset
    /// is the percentile of <paramref name="training"/>'s scores, which is then required.
    /// </summary>
    /// <param name="trees">The trees.</param>
    /// <param name="maxSamples">The <c>max_samples_</c> that normalises path lengths.</param>
    /// <param name="featureCount">Number of input features.</param>
    /// <param name="contamination">Contamination setting.</param>
    /// <param name="training">Training rows (for training scores and a fractional contamination).</param>
    internal static IsolationForest FromTrees(IReadOnlyList<IsolationTree> trees, int maxSamples, int featureCount,
        Contamination contamination = default, FeatureMatrix? training = null)
    {
        ArgumentNullException.ThrowIfNull(trees);
        if (trees.Count == 0) throw new ArgumentException("At least one tree is needed.", nameof(trees));
        if (maxSamples < 1) throw new ArgumentOutOfRangeException(nameof(maxSamples), maxSamples, "max_samples must be positive.");
        foreach (var t in trees)
            if (t.MaxFeatureIndex >= featureCount)
                throw new ArgumentException($"A tree uses feature {t.MaxFeatureIndex} but featureCount is {featureCount}.", nameof(trees));
        if (!contamination.IsAuto && training is null)
            throw new ArgumentException("A fractional contamination needs the training rows.", nameof(training));
        var forest = new IsolationForest(new IsolationForestOptions { NEstimators = trees.Count, Contamination = contamination })
        {
            _trees = trees.ToArray(),
            MaxSamplesResolved = maxSamples,
        };
        double[] samples = training is null ? [] : forest.ComputeScoreSamples(training);
        forest.FitFromParts(featureCount, samples);
        return forest;
    }

    /// <inheritdoc />
    protected override double[] FitCore(FeatureMatrix x)
    {
        int n = x.Rows, d = x.Columns;
        var o = Options;
        int maxSamples = o.MaxSamples.IsAuto ? Math.Min(256, n)
            : o.MaxSamples.Count > 0 ? Math.Min(o.MaxSamples.Count, n)
            : (int)(o.MaxSamples.Fraction * n);
        if (maxSamples < 1) throw new ArgumentException($"max_samples resolves to {maxSamples} rows for {n} samples.", nameof(x));
        int maxFeatures = o.MaxFeatures.IsAuto ? d
            : o.MaxFeatures.Count > 0 ? o.MaxFeatures.Count
            : Math.Max(1, (int)(o.MaxFeatures.Fraction * d));
        if (maxFeatures > d)
            throw new ArgumentException($"max_features is {maxFeatures} but the data has {d} features.", nameof(x));
        int maxDepth = (int)Math.Ceiling(Math.Log2(Math.Max(maxSamples, 2)));

        var master = new Xoshiro256StarStar(o.Seed is int s ? (ulong)(uint)s : (ulong)Random.Shared.NextInt64());
        var seeds = new ulong[o.NEstimators];
        for (int t = 0; t < seeds.Length; t++) seeds[t] = master.NextULong();

        var trees = new IsolationTree[o.NEstimators];
        Parallel.For(0, trees.Length, Parallelism.Options(o.NJobs), t =>
        {
            var rng = new Xoshiro256StarStar(seeds[t]);
            int[] rows = o.Bootstrap ? SampleWithReplacementDistinct(n, maxSamples, ref rng) : SampleWithoutReplacement(n, maxSamples, ref rng);
            int[] features = maxFeatures == d ? Enumerable.Range(0, d).ToArray() : SampleWithoutReplacement(d, maxFeatures, ref rng);
            trees[t] = IsolationTreeBuilder.Build(x, rows, features, maxDepth, ref rng);
        });
        _trees = trees;
        MaxSamplesResolved = maxSamples;
        return ComputeScoreSamples(x);
    }

    /// <inheritdoc />
    protected override double[] ScoreSamplesCore(FeatureMatrix x) => ComputeScoreSamples(x);

    private double[] ComputeScoreSamples(FeatureMatrix x)
    {
        int n = x.Rows, d = x.Columns;
        float[] data = x.Buffer;
        var result = new double[n];
        double denominator = _trees.Length * AveragePathLength.Of(MaxSamplesResolved);
        const int Block = 512;
        int blocks = (n + Block - 1) / Block;
        var trees = _trees;
        Parallel.For(0, blocks, Parallelism.Options(Options.NJobs), b =>
        {
            int start = b * Block, end = Math.Min(n, start + Block);
            // Trees outer, rows inner: each tree stays in L1 while it scores the block; per-row sums still
            // add trees in index order, so results do not depend on the thread count.
            Span<double> depth = stackalloc double[Block];
            depth.Clear();
            foreach (var tree in trees)
                for (int r = start; r < end; r++) depth[r - start] += tree.PathLengthUnchecked(data, r * d);
            for (int r = start; r < end; r++)
                result[r] = -Math.Pow(2.0, -(denominator != 0 ? depth[r - start] / denominator : 1.0));
        });
        return result;
    }

    private static int[] SampleWithoutReplacement(int n, int k, ref Xoshiro256StarStar rng)
    {
        if (k == n) return Enumerable.Range(0, n).ToArray();
        // Floyd's algorithm: k distinct values in O(k) without touching all n.
        var chosen = new HashSet<int>(k);
        var result = new int[k];
        int c = 0;
        for (int j = n - k; j < n; j++)
        {
            int v = rng.NextInt(j + 1);
            if (!chosen.Add(v)) { chosen.Add(j); v = j; }
            result[c++] = v;
        }
        return result;
    }

    private static int[] SampleWithReplacementDistinct(int n, int k, ref Xoshiro256StarStar rng)
    {
        // scikit-learn turns bootstrap draws into sample weights; trees then see each distinct row once
        // and n_node_samples counts distinct rows.
        var set = new HashSet<int>(k);
        for (int i = 0; i < k; i++) set.Add(rng.NextInt(n));
        var rows = set.ToArray();
        Array.Sort(rows);
        return rows;
    }

    /// <inheritdoc />
    protected internal override JsonObject SaveModel(ScorerFiles files)
    {
        var trees = new JsonArray();
        foreach (var t in _trees)
        {
            trees.Add(new JsonObject
            {
                ["feature"] = JsonSerializer.SerializeToNode(t.Feature),
                ["threshold"] = JsonSerializer.SerializeToNode(t.Threshold),
                ["left"] = JsonSerializer.SerializeToNode(t.Left),
                ["right"] = JsonSerializer.SerializeToNode(t.Right),
                ["nodeSampleCount"] = JsonSerializer.SerializeToNode(t.NodeSampleCount),
            });
        }
        return new JsonObject
        {
            ["nEstimators"] = Options.NEstimators,
            ["maxSamples"] = Options.MaxSamples.ToString(),
            ["maxFeatures"] = Options.MaxFeatures.ToString(),
            ["bootstrap"] = Options.Bootstrap,
            ["seed"] = Options.Seed,
            ["nJobs"] = Options.NJobs,
            ["maxSamplesResolved"] = MaxSamplesResolved,
            ["trees"] = trees,
        };
    }

    internal static IsolationForest LoadModel(JsonObject model, Contamination contamination)
    {
        var forest = new IsolationForest(new IsolationForestOptions
        {
            NEstimators = Json.Get<int>(model, "nEstimators"),
            MaxSamples = SampleSize.Parse(Json.Get<string>(model, "maxSamples")),
            MaxFeatures = SampleSize.Parse(Json.Get<string>(model, "maxFeatures")),
            Bootstrap = Json.Get<bool>(model, "bootstrap"),
            Seed = Json.Get<int?>(model, "seed"),
            NJobs = Json.Get<int>(model, "nJobs"),
            Contamination = contamination,
        });
        forest.MaxSamplesResolved = Json.Get<int>(model, "maxSamplesResolved");
        var trees = Json.Get<JsonArray>(model, "trees");
        forest._trees = trees.Select(node =>
        {
            var t = node!.AsObject();
            return new IsolationTree(Json.Get<int[]>(t, "feature"), Json.Get<double[]>(t, "threshold"),
                Json.Get<int[]>(t, "left"), Json.Get<int[]>(t, "right"), Json.Get<int[]>(t, "nodeSampleCount"));
        }).ToArray();
        return forest;
    }

    /// <inheritdoc />
    internal override void CheckLoaded(int featureCount)
    {
        int widest = _trees.Length == 0 ? -1 : _trees.Max(t => t.MaxFeatureIndex);
        if (widest >= featureCount)
            throw new InvalidDataException($"Saved scorer's trees split on feature {widest} but its field 'featureCount' says {featureCount}.");
    }
}
