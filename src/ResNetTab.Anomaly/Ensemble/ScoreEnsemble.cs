using System.Text.Json.Nodes;

namespace ResNetTab.Anomaly;

/// <summary>
/// Averages normalised scores of several detectors (rank or z-score normalisation against each member's
/// training scores). <see cref="IAnomalyScorer.Score"/> is the average (higher = more anomalous);
/// 'auto' contamination means 0.1.
/// </summary>
public sealed class ScoreEnsemble : AnomalyScorerBase
{
    private readonly AnomalyScorerBase[] _members;
    private double[][] _sortedTraining = [];
    private double[] _mean = [], _std = [];

    /// <summary>Creates an ensemble of unfitted (or fitted; <see cref="IAnomalyScorer.Fit"/> refits them) members.</summary>
    /// <param name="members">Scorers deriving from <see cref="AnomalyScorerBase"/> (the library's and user-written ones).</param>
    /// <param name="normalization">Rank or z-score.</param>
    /// <param name="contamination">Expected share of anomalies.</param>
    public ScoreEnsemble(IReadOnlyList<IAnomalyScorer> members, EnsembleNormalization normalization = EnsembleNormalization.Rank,
        Contamination contamination = default)
        : base(contamination)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0) throw new ArgumentException("An ensemble needs at least one member.", nameof(members));
        _members = members.Select(m => m as AnomalyScorerBase
            ?? throw new ArgumentException($"{m.GetType().Name} does not derive from AnomalyScorerBase.", nameof(members))).ToArray();
        Normalization = normalization;
    }

    /// <summary>The members.</summary>
    public IReadOnlyList<IAnomalyScorer> Members => _members;

    /// <summary>The normalisation.</summary>
    public EnsembleNormalization Normalization { get; }

    /// <inheritdoc />
    protected override int MinSamples => 2;

    /// <inheritdoc />
    public override string Kind => "ScoreEnsemble";

    /// <inheritdoc />
    protected override double[] FitCore(FeatureMatrix x)
    {
        foreach (var m in _members) m.Fit(x);
        PrepareNormalization();
        return Combine(_members.Select(m => m.TrainingScores.ToArray()).ToArray());
    }

    /// <inheritdoc />
    protected override double[] ScoreSamplesCore(FeatureMatrix x) =>
        Combine(_members.Select(m => m.Score(x)).ToArray());

    private void PrepareNormalization()
    {
        int k = _members.Length;
        _sortedTraining = new double[k][];
        _mean = new double[k];
        _std = new double[k];
        for (int i = 0; i < k; i++)
        {
            var t = _members[i].TrainingScores.ToArray();
            Array.Sort(t);
            _sortedTraining[i] = t;
            double mean = t.Average(), sq = 0;
            foreach (double v in t) sq += (v - mean) * (v - mean);
            _mean[i] = mean;
            double std = Math.Sqrt(sq / t.Length);
            _std[i] = std > 0 ? std : 1.0;
        }
    }

    /// <summary>Averages normalised member scores and returns the negation (scikit-learn's sign).</summary>
    private double[] Combine(double[][] memberScores)
    {
        int n = memberScores[0].Length, k = memberScores.Length;
        var result = new double[n];
        for (int m = 0; m < k; m++)
        {
            var s = memberScores[m];
            for (int i = 0; i < n; i++)
                result[i] += Normalization == EnsembleNormalization.Rank ? MidRank(_sortedTraining[m], s[i]) : (s[i] - _mean[m]) / _std[m];
        }
        for (int i = 0; i < n; i++) result[i] = -result[i] / k;
        return result;
    }

    /// <summary>(#below + #equal / 2) / n within sorted training scores.</summary>
    private static double MidRank(double[] sorted, double v)
    {
        int lo = LowerBound(sorted, v), hi = UpperBound(sorted, v);
        return (lo + ((hi - lo) / 2.0)) / sorted.Length;
    }

    private static int LowerBound(double[] a, double v)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (a[mid] < v) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static int UpperBound(double[] a, double v)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (a[mid] <= v) lo = mid + 1; else hi = mid; }
        return lo;
    }

    /// <inheritdoc />
    protected internal override JsonObject SaveModel(ScorerFiles files)
    {
        var members = new JsonArray();
        for (var i = 0; i < _members.Length; i++) members.Add(ScorerPersistence.ToJson(_members[i], files.Prefixed($"member{i}.")));
        return new JsonObject { ["normalization"] = Normalization.ToString(), ["members"] = members };
    }

    internal static ScoreEnsemble LoadModel(JsonObject model, Contamination contamination, ScorerFiles files)
    {
        var members = Json.Get<JsonArray>(model, "members")
            .Select((n, i) => ScorerPersistence.FromJson(n as JsonObject ?? throw new InvalidDataException($"Saved scorer field 'members[{i}]' is not an object."), files)).ToArray();
        var e = new ScoreEnsemble(members, Json.GetEnum<EnsembleNormalization>(model, "normalization"), contamination);
        e.PrepareNormalization();
        return e;
    }

    /// <inheritdoc />
    internal override void CheckLoaded(int featureCount)
    {
        foreach (var m in _members) Json.SameFeatures(m.FeatureCount, featureCount);
    }
}
