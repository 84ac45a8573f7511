using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Anomaly.Neighbors;

namespace ResNetTab.Anomaly;

/// <summary>
/// Local Outlier Factor (Breunig et al. 2000) with scikit-learn 1.2's definitions.
/// </summary>
/// <remarks>
/// k = min(n_neighbors, n − 1); in fit a row is never its own neighbour; k-distance(o) = distance to o's k-th
/// neighbour; reach-dist(p, o) = max(d(p, o), k-distance(o)); lrd(p) = 1 / (mean reach-dist + 1e-10);
/// LOF(p) = mean over neighbours o of lrd(o) / lrd(p). <see cref="IAnomalyScorer.ScoreSamples"/> returns −LOF
/// (scikit-learn's sign); <see cref="IAnomalyScorer.Score"/> returns LOF (higher = more anomalous).
/// </remarks>
public sealed class LocalOutlierFactor : AnomalyScorerBase
{
    private FeatureMatrix? _train;
    private INeighborSearch? _search;
    private double[] _kDistance = [];
    private double[] _lrd = [];
    private double[] _negativeOutlierFactor = [];

    /// <summary>Creates an unfitted detector.</summary>
    /// <param name="options">Parameters; null uses scikit-learn's defaults.</param>
    public LocalOutlierFactor(LocalOutlierFactorOptions? options = null)
        : base((options ?? new LocalOutlierFactorOptions()).Contamination)
    {
        Options = options ?? new LocalOutlierFactorOptions();
        if (Options.NNeighbors < 1) throw new ArgumentOutOfRangeException(nameof(options), "NNeighbors must be at least 1.");
    }

    /// <summary>The parameters.</summary>
    public LocalOutlierFactorOptions Options { get; }

    /// <summary>Neighbours actually used (<c>n_neighbors_</c>).</summary>
    public int NNeighborsResolved { get; private set; }

    /// <summary>scikit-learn's <c>negative_outlier_factor_</c> of the training rows (−LOF).</summary>
    public IReadOnlyList<double> NegativeOutlierFactor => _negativeOutlierFactor;

    /// <summary>Local reachability densities of the training rows (scikit-learn's <c>_lrd</c>).</summary>
    public IReadOnlyList<double> LocalReachabilityDensity => _lrd;

    /// <inheritdoc />
    protected override double? AutoOffset => -1.5;

    /// <inheritdoc />
    public override string Kind => "LocalOutlierFactor";

    /// <inheritdoc />
    protected override double[] FitCore(FeatureMatrix x)
    {
        int n = x.Rows;
        int k = Math.Max(1, Math.Min(Options.NNeighbors, n - 1));
        var search = CreateSearch();
        search.Fit(x);
        var nn = search.Query(x, k, excludeSelf: true);
        var kdist = new double[n];
        for (int i = 0; i < n; i++) kdist[i] = nn.Distance(i, k - 1);
        _kDistance = kdist;
        _lrd = Reachability(nn, kdist);
        var nof = new double[n];
        for (int i = 0; i < n; i++) nof[i] = -MeanRatio(nn, i, _lrd, _lrd[i]);
        _negativeOutlierFactor = nof;
        _train = x;
        _search = search;
        NNeighborsResolved = k;
        return (double[])nof.Clone();
    }

    /// <inheritdoc />
    protected override double[] ScoreSamplesCore(FeatureMatrix x)
    {
        if (!Options.Novelty)
            throw new InvalidOperationException(
                "ScoreSamples/Score/DecisionFunction/Predict on new data need Novelty = true; in outlier mode use " +
                "TrainingScores, NegativeOutlierFactor or FitPredict (as scikit-learn).");
        var search = _search ??= FitSearch();
        var nn = search.Query(x, NNeighborsResolved, excludeSelf: false);
        double[] lrdX = Reachability(nn, _kDistance);
        var result = new double[x.Rows];
        for (int i = 0; i < result.Length; i++) result[i] = -MeanRatio(nn, i, _lrd, lrdX[i]);
        return result;
    }

    private INeighborSearch CreateSearch() =>
        (Options.NeighborSearch ?? NeighborSearchFactory.Exact(Options.NJobs))();

    private INeighborSearch FitSearch()
    {
        var s = CreateSearch();
        s.Fit(_train!);
        return s;
    }

    private static double[] Reachability(NeighborResult nn, double[] kDistanceOfFit)
    {
        var lrd = new double[nn.Rows];
        int k = nn.K;
        for (int i = 0; i < lrd.Length; i++)
        {
            double sum = 0;
            for (int j = 0; j < k; j++) sum += Math.Max(nn.Distance(i, j), kDistanceOfFit[nn.Index(i, j)]);
            lrd[i] = 1.0 / ((sum / k) + 1e-10);
        }
        return lrd;
    }

    private static double MeanRatio(NeighborResult nn, int i, double[] lrdFit, double lrdSelf)
    {
        double sum = 0;
        for (int j = 0; j < nn.K; j++) sum += lrdFit[nn.Index(i, j)] / lrdSelf;
        return sum / nn.K;
    }

    /// <inheritdoc />
    protected internal override JsonObject SaveModel(ScorerFiles files) => new()
    {
        ["nNeighbors"] = Options.NNeighbors,
        ["novelty"] = Options.Novelty,
        ["nJobs"] = Options.NJobs,
        ["nNeighborsResolved"] = NNeighborsResolved,
        ["columns"] = _train!.Columns,
        ["data"] = JsonSerializer.SerializeToNode(_train.Buffer),
        ["kDistance"] = JsonSerializer.SerializeToNode(_kDistance),
        ["lrd"] = JsonSerializer.SerializeToNode(_lrd),
        ["negativeOutlierFactor"] = JsonSerializer.SerializeToNode(_negativeOutlierFactor),
    };

    internal static LocalOutlierFactor LoadModel(JsonObject model, Contamination contamination)
    {
        var train = Json.GetMatrix(model);
        var lof = new LocalOutlierFactor(new LocalOutlierFactorOptions
        {
            NNeighbors = Json.GetInt(model, "nNeighbors", 1, int.MaxValue),
            Novelty = Json.Get<bool>(model, "novelty"),
            NJobs = Json.GetInt(model, "nJobs", -Environment.ProcessorCount, 4096),
            Contamination = contamination,
        });
        // Each training row's neighbours exclude itself: at most rows − 1 of them.
        lof.NNeighborsResolved = Json.GetInt(model, "nNeighborsResolved", 1, Math.Max(1, train.Rows - 1));
        lof._train = train;
        lof._kDistance = Json.GetFinite(model, "kDistance", train.Rows);
        lof._lrd = Json.GetFinite(model, "lrd", train.Rows);
        lof._negativeOutlierFactor = Json.GetFinite(model, "negativeOutlierFactor", train.Rows);
        if (lof._kDistance.Any(d => d < 0)) throw new InvalidDataException("Saved scorer field 'kDistance' holds a negative distance.");
        if (lof._lrd.Any(d => d <= 0)) throw new InvalidDataException("Saved scorer field 'lrd' holds a density that is not positive.");
        return lof;
    }

    /// <inheritdoc />
    internal override void CheckLoaded(int featureCount) => Json.SameFeatures(_train!.Columns, featureCount);
}
