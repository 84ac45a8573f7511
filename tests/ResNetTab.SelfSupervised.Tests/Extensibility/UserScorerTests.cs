using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised.Tests.Extensibility;

/// <summary>
/// A scorer written outside the library (this test assembly sees none of ResNetTab.Anomaly's internals): the squared
/// distance of a row to the column means of the training rows.
/// </summary>
public sealed class CentroidDistanceScorer : AnomalyScorerBase
{
    public const string KindName = "Tests.CentroidDistance";
    private double[] means = [];

    public CentroidDistanceScorer(Contamination contamination = default) : base(contamination)
    {
    }

    public override string Kind => KindName;

    public IReadOnlyList<double> Means => means;

    public static void Register() => ScorerPersistence.RegisterKind(KindName, (model, contamination, files) =>
    {
        var saved = model["means"]?.Deserialize<double[]>() ?? throw new InvalidDataException("Saved scorer field 'means' is missing.");
        return new CentroidDistanceScorer(contamination) { means = saved };
    });

    protected override double[] FitCore(FeatureMatrix x)
    {
        means = new double[x.Columns];
        for (var r = 0; r < x.Rows; r++)
            for (var c = 0; c < x.Columns; c++) means[c] += x[r, c] / (double)x.Rows;
        return ScoreSamplesCore(x);
    }

    protected override double[] ScoreSamplesCore(FeatureMatrix x)
    {
        var result = new double[x.Rows];
        for (var r = 0; r < x.Rows; r++)
            for (var c = 0; c < x.Columns; c++) result[r] -= (x[r, c] - means[c]) * (x[r, c] - means[c]);
        return result;
    }

    protected override JsonObject SaveModel(ScorerFiles files) => new() { ["means"] = JsonSerializer.SerializeToNode(means) };
}

public sealed class UserScorerTests
{
    private static readonly FeatureMatrix Train = FeatureMatrix.From(new float[,] { { 0, 0 }, { 2, 0 }, { 0, 2 }, { 2, 2 }, { 1, 1 } });
    private static readonly FeatureMatrix Test = FeatureMatrix.From(new float[,] { { 1, 1 }, { 4, 1 }, { 1, -2 } });

    [Fact]
    public void A_user_written_scorer_fits_scores_joins_an_ensemble_and_persists_with_the_others()
    {
        CentroidDistanceScorer.Register();
        using var dir = new TempFolder();
        var scorer = new CentroidDistanceScorer(contamination: 0.2);
        scorer.Fit(Train);
        scorer.Means.Should().Equal(1.0, 1.0);
        scorer.Score(Test).Should().Equal(0.0, 9.0, 9.0);
        scorer.TrainingScores.Should().Equal(2.0, 2.0, 2.0, 2.0, 0.0);

        var path = dir.File("centroid.json");
        ScorerPersistence.Save(scorer, path);
        var loaded = ScorerPersistence.Load<CentroidDistanceScorer>(path);
        loaded.Score(Test).Should().Equal(scorer.Score(Test));
        loaded.Threshold.Should().Be(scorer.Threshold);
        loaded.Predict(Test).Should().Equal(scorer.Predict(Test));

        // In an ensemble with a library scorer, saved and loaded as one file.
        var forest = new IsolationForest(new IsolationForestOptions { NEstimators = 20, Seed = 3 });
        var ensemble = new ScoreEnsemble([new CentroidDistanceScorer(), forest]);
        ensemble.Fit(Train);
        var ensemblePath = dir.File("ensemble.json");
        ScorerPersistence.Save(ensemble, ensemblePath);
        var reloaded = ScorerPersistence.Load<ScoreEnsemble>(ensemblePath);
        reloaded.Members[0].Should().BeOfType<CentroidDistanceScorer>();
        reloaded.Score(Test).Should().Equal(ensemble.Score(Test));

        // RankAverage over the user scorer and the forest: the row at the centre ranks lowest in both.
        var combined = RankAverage.Combine([(scorer.TrainingScores, scorer.Score(Test)), (forest.TrainingScores, forest.Score(Test))]);
        combined[0].Should().BeLessThan(combined[1]).And.BeLessThan(combined[2]);
    }

    [Fact]
    public void A_file_of_an_unregistered_kind_is_refused_naming_the_kind()
    {
        using var dir = new TempFolder();
        var path = dir.File("other.json");
        var scorer = new OtherScorer();
        scorer.Fit(Train);
        ScorerPersistence.Save(scorer, path);
        var act = () => ScorerPersistence.Load(path);
        act.Should().Throw<InvalidDataException>().WithMessage("*other.json*'Tests.Unregistered'*RegisterKind*");
    }

    private sealed class OtherScorer() : AnomalyScorerBase(default)
    {
        public override string Kind => "Tests.Unregistered";

        protected override double[] FitCore(FeatureMatrix x) => new double[x.Rows];

        protected override double[] ScoreSamplesCore(FeatureMatrix x) => new double[x.Rows];

        protected override JsonObject SaveModel(ScorerFiles files) => [];
    }
}
