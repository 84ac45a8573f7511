using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Evaluation;
using ResNetTab.Anomaly.Neighbors;
using ResNetTab.SelfSupervised;

namespace ResNetTab.SelfSupervised.Tests.Detection;

public sealed class DefaultDetectorTests
{
    // Contaminated training rows: 2 % of them break the relations, as the events of a real log would.
    private static readonly TabularData TrainRows = Concat(StructuredData.Create(784, seed: 31), StructuredData.Create(16, seed: 32, anomalous: true));
    private static readonly FeatureMatrix Train = TrainRows.ToFeatureMatrix();
    private static readonly TabularData NormalRows = StructuredData.Create(100, seed: 33);
    private static readonly TabularData AnomalousRows = StructuredData.Create(20, seed: 34, anomalous: true);
    private static readonly FeatureMatrix Test = Concat(NormalRows, AnomalousRows).ToFeatureMatrix();

    private static readonly Lazy<(SelfSupervisedModel Model, DefaultDetector Detector)> Shared = new(() =>
    {
        var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, StructuredData.Recipe(epochs: 15));
        using (var pretrainer = new Pretrainer(model, StructuredData.Recipe(epochs: 15))) pretrainer.Fit(TrainRows);
        var detector = new DefaultDetector(model, 0.02);
        detector.Fit(Train);
        return (model, detector);
    });

    [Fact]
    public void Fitted_on_contaminated_rows_it_ranks_the_broken_rows_first()
    {
        var detector = Shared.Value.Detector;
        var scores = detector.Score(Test);
        var labels = Enumerable.Repeat(0, 100).Concat(Enumerable.Repeat(1, 20)).ToArray();
        // These anomalies break relations between columns, not marginals: the reconstruction member sees them, the
        // marginal members only partly, so the average stays well above chance without reaching the reconstruction's own.
        AnomalyMetrics.RocAuc(labels, scores).Should().BeGreaterThan(0.75);
        detector.ScoreSamples(Test).Should().Equal(scores.Select(s => -s));
        detector.TrainingScores.Count(s => s > detector.Threshold).Should().BeCloseTo(16, 2); // contamination 0.02 of 800
    }

    [Fact]
    public void One_pass_scores_with_contributions_equal_the_scores_and_the_reconstruction_contributions()
    {
        var detector = Shared.Value.Detector;
        var x = Test;
        var (scores, contributions) = detector.ScoreWithContributions(x);
        scores.Should().Equal(detector.Score(x));
        contributions.Should().Equal(detector.Reconstruction.Contributions(x));
    }

    [Fact]
    public void Its_score_is_the_rank_average_of_independently_fitted_members()
    {
        var (model, detector) = Shared.Value;
        // The raw view, built here from its definition: numerical columns + category rarity, standardised on the training rows.
        var rarity = new CategoryRarity();
        rarity.Fit(TrainRows);
        var rawTrain = rarity.Transform(TrainRows);
        var (mean, std) = Moments(rawTrain);
        var members = new List<(IReadOnlyList<double> Training, IReadOnlyList<double> Scores)>();
        var memberScores = detector.MemberScores(Test);
        for (var i = 0; i < DefaultDetector.MemberNames.Count; i++)
        {
            var name = DefaultDetector.MemberNames[i];
            IAnomalyScorer scorer;
            double[] scores;
            if (name == "reconstruction")
            {
                var reconstruction = new ReconstructionScorer(model);
                reconstruction.Fit(Train);
                scorer = reconstruction;
                scores = reconstruction.Score(Test);
            }
            else
            {
                scorer = name switch
                {
                    "ECOD" => new EcodScorer(),
                    "COPOD" => new CopodScorer(),
                    "raw k-NN" => new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 5 }),
                    "raw k-NN k=20" => new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 20 }),
                    _ => new IsolationForest(new IsolationForestOptions { Seed = 0 }),
                };
                scorer.Fit(Standardize(rawTrain, mean, std));
                scores = scorer.Score(Standardize(rarity.Transform(Concat(NormalRows, AnomalousRows)), mean, std));
            }
            for (var r = 0; r < scores.Length; r++) memberScores[i][r].Should().BeApproximately(scores[r], 1e-9 * (1 + Math.Abs(scores[r])), $"{name}, row {r}");
            members.Add((scorer.TrainingScores, scores));
        }
        var expected = RankAverage.Combine(members);
        var got = detector.Score(Test);
        for (var r = 0; r < expected.Length; r++) got[r].Should().BeApproximately(expected[r], 1e-9);
    }

    [Fact]
    public void A_saved_detector_reloads_to_identical_scores_and_a_damaged_one_is_refused()
    {
        var detector = Shared.Value.Detector;
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "default.json");
        ScorerPersistence.Save(detector, path);
        using var loaded = ScorerPersistence.Load<DefaultDetector>(path);
        loaded.Score(Test).Should().Equal(detector.Score(Test));
        loaded.Threshold.Should().Be(detector.Threshold);

        File.WriteAllText(path, File.ReadAllText(path).Replace("\"reconstruction\"", "\"reconstructions\"", StringComparison.Ordinal));
        var act = () => ScorerPersistence.Load<DefaultDetector>(path);
        act.Should().Throw<InvalidDataException>().WithMessage("*checksum*");
    }

    private static (double[] Mean, double[] Std) Moments(FeatureMatrix x)
    {
        var mean = new double[x.Columns];
        var std = new double[x.Columns];
        for (var r = 0; r < x.Rows; r++) for (var c = 0; c < x.Columns; c++) mean[c] += x[r, c];
        for (var c = 0; c < x.Columns; c++) mean[c] /= x.Rows;
        for (var r = 0; r < x.Rows; r++) for (var c = 0; c < x.Columns; c++) std[c] += Math.Pow(x[r, c] - mean[c], 2);
        for (var c = 0; c < x.Columns; c++) std[c] = Math.Sqrt(std[c] / x.Rows) is var s && s > 1e-12 ? s : 1;
        return (mean, std);
    }

    private static FeatureMatrix Standardize(FeatureMatrix x, double[] mean, double[] std)
    {
        var values = new float[x.Rows * x.Columns];
        for (var r = 0; r < x.Rows; r++) for (var c = 0; c < x.Columns; c++) values[(r * x.Columns) + c] = (float)((x[r, c] - mean[c]) / std[c]);
        return FeatureMatrix.Wrap(values, x.Columns);
    }

    private static TabularData Concat(TabularData a, TabularData b) =>
        new(a.Numerical.ToArray().Concat(b.Numerical.ToArray()).ToArray(), a.Categorical.ToArray().Concat(b.Categorical.ToArray()).ToArray(),
            a.Rows + b.Rows, a.NumericalColumns, a.CategoricalColumns);
}
