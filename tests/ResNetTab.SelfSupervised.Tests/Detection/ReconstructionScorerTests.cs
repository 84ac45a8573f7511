using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Evaluation;
using ResNetTab.SelfSupervised;

namespace ResNetTab.SelfSupervised.Tests.Detection;

public sealed class ReconstructionScorerTests
{
    private static readonly FeatureMatrix Train = StructuredData.Create(800, seed: 21).ToFeatureMatrix();
    private static readonly FeatureMatrix Normal = StructuredData.Create(100, seed: 22).ToFeatureMatrix();
    private static readonly FeatureMatrix Anomalous = StructuredData.Create(20, seed: 23, anomalous: true).ToFeatureMatrix();

    // One scorer, pretrained once, serves every test that only reads it.
    private static readonly Lazy<ReconstructionScorer> Shared = new(() => Fit());

    private static ReconstructionScorer Fitted() => Shared.Value;

    private static ReconstructionScorer Fit(double contamination = 0.05)
    {
        var scorer = new ReconstructionScorer(StructuredData.Schema, new ReconstructionScorerOptions
        {
            Pretraining = StructuredData.Recipe(epochs: 15),
            MaskCounts = [3],
            Contamination = contamination,
        });
        scorer.Fit(Train);
        return scorer;
    }

    [Fact]
    public void Rows_give_exactly_the_matrix_scores_and_contributions()
    {
        var scorer = Fitted();
        var rows = StructuredData.Create(20, seed: 23, anomalous: true);
        scorer.Score(rows).Should().Equal(scorer.Score(Anomalous));
        scorer.Contributions(rows).Should().Equal(scorer.Contributions(Anomalous));
        scorer.Predict(rows.Slice(5, 10)).Should().Equal(scorer.Predict(Anomalous).Skip(5).Take(10));
    }

    [Fact]
    public void Broken_rows_score_higher_and_the_contract_holds()
    {
        var scorer = Fitted();
        scorer.PretrainingHistory.Should().HaveCount(15);
        var normal = scorer.Score(Normal);
        var anomalous = scorer.Score(Anomalous);
        var labels = Enumerable.Repeat(0, normal.Length).Concat(Enumerable.Repeat(1, anomalous.Length)).ToArray();
        AnomalyMetrics.RocAuc(labels, [.. normal, .. anomalous]).Should().BeGreaterThan(0.95);

        scorer.ScoreSamples(Normal).Should().Equal(normal.Select(s => -s));
        scorer.DecisionFunction(Normal).Should().Equal(normal.Select(s => -s - scorer.Offset));
        scorer.Predict(Anomalous).Should().Equal(anomalous.Select(s => s > scorer.Threshold ? 1 : 0));
        scorer.TrainingScores.Count(s => s > scorer.Threshold).Should().BeCloseTo(40, 2); // contamination 0.05 of 800
        scorer.PredictProba(Normal).GetLength(1).Should().Be(2);
    }

    [Fact]
    public void Contributions_sum_to_the_score_and_name_the_broken_fields()
    {
        var scorer = Fitted();
        var contributions = scorer.Contributions(Anomalous);
        var scores = scorer.Score(Anomalous);
        for (var r = 0; r < Anomalous.Rows; r++)
            contributions.Skip(r * 6).Take(6).Sum().Should().BeApproximately(scores[r], 1e-6 * Math.Max(1, scores[r]));
        // x2 and c0 were broken; over the anomalous rows they are the two largest contributors.
        var totals = Enumerable.Range(0, 6).Select(c => Enumerable.Range(0, Anomalous.Rows).Sum(r => contributions[(r * 6) + c])).ToArray();
        var top = Enumerable.Range(0, 6).OrderByDescending(c => totals[c]).Take(2).Select(c => scorer.ColumnNames[c]);
        top.Should().BeEquivalentTo(["x2", "c0"]);
        scorer.TopColumns(contributions, 0, 2).Select(t => t.Column).Should().OnlyContain(c => c == "x2" || c == "c0" || c == "x0" || c == "x1" || c == "x3");
    }

    [Fact]
    public void A_saved_scorer_loads_with_its_model_and_scores_identically()
    {
        using var dir = new TempFolder();
        var scorer = Fitted();
        var path = dir.File("reconstruction.json");
        ScorerPersistence.Save(scorer, path);
        using var loaded = ScorerPersistence.Load<ReconstructionScorer>(path);
        loaded.Score(Anomalous).Should().Equal(scorer.Score(Anomalous));
        loaded.Threshold.Should().Be(scorer.Threshold);
        loaded.ColumnNames.Should().Equal(scorer.ColumnNames);
        ((IAnomalyScorer)ScorerPersistence.Load(path)).Should().BeOfType<ReconstructionScorer>();
    }

    [Fact]
    public void Several_mask_counts_average_their_normalised_scores_and_round_trip()
    {
        using var dir = new TempFolder();
        using var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, StructuredData.Recipe(epochs: 2));
        ReconstructionScorer Around(params int[] counts)
        {
            var scorer = new ReconstructionScorer(model, new ReconstructionScorerOptions { MaskCounts = counts });
            scorer.Fit(Train);
            return scorer;
        }
        using var three = Around(3);
        using var two = Around(2);
        using var both = Around(3, 2);
        var expected = three.Score(Anomalous).Zip(two.Score(Anomalous), (a, b) => (a + b) / 2).ToArray();
        var actual = both.Score(Anomalous);
        for (var i = 0; i < actual.Length; i++) actual[i].Should().BeApproximately(expected[i], 1e-9 * Math.Max(1, expected[i]));
        both.ColumnScales.Should().HaveCount(2 * 6);
        var contributions = both.Contributions(Anomalous);
        contributions.Take(6).Sum().Should().BeApproximately(actual[0], 1e-9 * Math.Max(1, actual[0]));

        var path = dir.File("counts.json");
        ScorerPersistence.Save(both, path);
        using var loaded = ScorerPersistence.Load<ReconstructionScorer>(path);
        loaded.Options.MaskCounts.Should().Equal(3, 2);
        loaded.Score(Anomalous).Should().Equal(actual);
        var invalid = () => new ReconstructionScorerOptions { MaskCounts = [] }.Validate();
        invalid.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MaskCounts");
    }

    [Fact]
    public void A_pretrained_model_is_only_calibrated_and_bad_input_is_named()
    {
        var recipe = StructuredData.Recipe(epochs: 2);
        using var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, recipe);
        var before = model.OrderedStateDict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        using var scorer = new ReconstructionScorer(model);
        scorer.Fit(Train);
        scorer.Pretrained.Should().BeTrue();
        foreach (var (name, t) in model.OrderedStateDict()) t.Identical(before[name]).Should().BeTrue(name);

        var wide = FeatureMatrix.Wrap(new float[7 * 3], 7);
        ((Action)(() => scorer.Score(wide))).Should().Throw<ArgumentException>().WithMessage("*7 features*fitted with 6*");
        var badCategory = Normal.ToArray();
        badCategory[0, 4] = 2.5f;
        ((Action)(() => scorer.Score(FeatureMatrix.From(badCategory)))).Should().Throw<ArgumentException>().WithMessage("*non-negative integer indices*");
        badCategory[0, 4] = 9;
        ((Action)(() => scorer.Score(FeatureMatrix.From(badCategory)))).Should().Throw<ArgumentException>().WithMessage("*index 9*outside [0, 5)*");
        ((Action)(() => new ReconstructionScorer(StructuredData.Schema).Score(Normal))).Should().Throw<InvalidOperationException>().WithMessage("*not fitted*");
        ((Action)(() => new ReconstructionScorer(StructuredData.Schema).Fit(FeatureMatrix.Wrap(new float[4], 4)))).Should().Throw<ArgumentException>().WithMessage("*at least 2*");
    }

    [Fact]
    public void Category_rarity_round_trips_and_scores_unseen_values_as_rarest()
    {
        using var dir = new TempFolder();
        var train = StructuredData.Create(100, seed: 30);
        var rarity = new CategoryRarity();
        rarity.Fit(train);
        rarity.Save(dir.File("rarity.json"));
        var loaded = CategoryRarity.Load(dir.File("rarity.json"));
        var test = StructuredData.Create(10, seed: 31);
        test.Categorical.Span[0] = 1; // never seen in training
        loaded.Transform(test).Values.ToArray().Should().Equal(rarity.Transform(test).Values.ToArray());
        var x = rarity.Transform(test);
        x[0, 4].Should().BeGreaterThan(x[1, 4]);
        x[1, 0].Should().Be(test.Numerical.Span[4]);
    }
}
