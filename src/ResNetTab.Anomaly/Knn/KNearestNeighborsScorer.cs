using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResNetTab.Anomaly;

/// <summary>
/// k-NN distance detector (Ramaswamy et al. 2000; Angiulli and Pizzuti 2002) as PyOD's <c>KNN</c>: the score
/// is the largest, mean or median distance to the k nearest training rows. Training rows are scored without
/// themselves (PyOD's <c>decision_scores_</c>); new rows against all training rows.
/// <see cref="IAnomalyScorer.ScoreSamples"/> is the negated distance.
/// </summary>
public sealed class KNearestNeighborsScorer : AnomalyScorerBase
{
    private FeatureMatrix? _train;
    private Neighbors.INeighborSearch? _search;

    /// <summary>Creates an unfitted detector.</summary>
    /// <param name="options">Parameters; null uses PyOD's defaults.</param>
    public KNearestNeighborsScorer(KNearestNeighborsOptions? options = null)
        : base((options ?? new KNearestNeighborsOptions()).Contamination)
    {
        Options = options ?? new KNearestNeighborsOptions();
        if (Options.NNeighbors < 1) throw new ArgumentOutOfRangeException(nameof(options), "NNeighbors must be at least 1.");
    }

    /// <summary>The parameters.</summary>
    public KNearestNeighborsOptions Options { get; }

    /// <inheritdoc />
    protected override int MinSamples => Options.NNeighbors + 1;

    /// <inheritdoc />
    public override string Kind => "KNearestNeighborsScorer";

    /// <inheritdoc />
    protected override double[] FitCore(FeatureMatrix x)
    {
        var search = CreateSearch();
        search.Fit(x);
        _search = search;
        _train = x;
        return Aggregate(search.Query(x, Options.NNeighbors, excludeSelf: true));
    }

    /// <inheritdoc />
    protected override double[] ScoreSamplesCore(FeatureMatrix x)
    {
        if (_search is null)
        {
            _search = CreateSearch();
            _search.Fit(_train!);
        }
        return Aggregate(_search.Query(x, Options.NNeighbors, excludeSelf: false));
    }

    private Neighbors.INeighborSearch CreateSearch() =>
        (Options.NeighborSearch ?? Neighbors.NeighborSearchFactory.Exact(Options.NJobs))();

    private double[] Aggregate(Neighbors.NeighborResult nn)
    {
        var result = new double[nn.Rows];
        int k = nn.K;
        var row = new double[k];
        for (int i = 0; i < result.Length; i++)
        {
            Array.Copy(nn.Distances, i * k, row, 0, k);
            double score = Options.Method switch
            {
                KNeighborsMethod.Largest => row[k - 1],
                KNeighborsMethod.Mean => row.Average(),
                // Rows are sorted ascending: numpy's median.
                _ => k % 2 == 1 ? row[k / 2] : (row[(k / 2) - 1] + row[k / 2]) / 2.0,
            };
            result[i] = -score;
        }
        return result;
    }

    /// <inheritdoc />
    protected internal override JsonObject SaveModel(ScorerFiles files) => new()
    {
        ["nNeighbors"] = Options.NNeighbors,
        ["method"] = Options.Method.ToString(),
        ["nJobs"] = Options.NJobs,
        ["columns"] = _train!.Columns,
        ["data"] = JsonSerializer.SerializeToNode(_train.Buffer),
    };

    internal static KNearestNeighborsScorer LoadModel(JsonObject model, Contamination contamination)
    {
        var train = Json.GetMatrix(model);
        return new(new KNearestNeighborsOptions
        {
            NNeighbors = Json.GetInt(model, "nNeighbors", 1, train.Rows),
            Method = Json.GetEnum<KNeighborsMethod>(model, "method"),
            NJobs = Json.GetInt(model, "nJobs", -Environment.ProcessorCount, 4096),
            Contamination = contamination,
        })
        {
            _train = train,
        };
    }

    /// <inheritdoc />
    internal override void CheckLoaded(int featureCount) => Json.SameFeatures(_train!.Columns, featureCount);
}
