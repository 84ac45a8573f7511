using ResNetTab.Anomaly;

namespace ResNetTab.Anomaly.Tests;

public class EmpiricalTailScorerTests
{
    public static TheoryData<string> Kinds => new() { "ecod", "copod" };

    private static EmpiricalTailScorer Create(string kind) => kind == "ecod" ? new EcodScorer() : new CopodScorer();

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Scores_equal_the_numpy_reference_of_the_published_algorithm(string kind)
    {
        var o = Oracle.Load("empirical.json");
        int d = o.GetProperty("d").GetInt32();
        var detector = Create(kind);
        detector.Fit(o.Matrix("train", d));
        detector.SkewSign.Should().Equal(o.Ints("skew_sign"));
        var training = o.Doubles($"{kind}_training_scores");
        detector.TrainingScores.Should().HaveCount(training.Length);
        for (int i = 0; i < training.Length; i++) detector.TrainingScores[i].Should().BeApproximately(training[i], 1e-9);
        var test = o.Matrix("test", d);
        var expected = o.Doubles($"{kind}_test_scores");
        var got = detector.Score(test);
        for (int i = 0; i < expected.Length; i++) got[i].Should().BeApproximately(expected[i], 1e-9, $"test row {i}");
        var contributions = detector.Contributions(test);
        var expectedContributions = o.Doubles($"{kind}_test_contributions");
        for (int i = 0; i < expectedContributions.Length; i++) contributions[i].Should().BeApproximately(expectedContributions[i], 1e-9);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_value_beyond_the_training_range_scores_finite_and_higher_than_every_training_row(string kind)
    {
        var x = FeatureMatrix.From(new float[,] { { 0, 1 }, { 1, 2 }, { 2, 3 }, { 3, 4 }, { 4, 5 } });
        var detector = Create(kind);
        detector.Fit(x);
        var s = detector.Score(FeatureMatrix.From(new float[,] { { 100, 100 } }));
        double.IsFinite(s[0]).Should().BeTrue();
        s[0].Should().BeGreaterThan(detector.TrainingScores.Max());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Bad_input_is_refused_with_the_reason(string kind)
    {
        var detector = Create(kind);
        var act = () => detector.Fit(FeatureMatrix.From(new float[,] { { 0, 1 }, { float.NaN, 2 }, { 2, 3 } }));
        act.Should().Throw<ArgumentException>().WithMessage("*NaN at row 1, column 0*");
        detector.Fit(FeatureMatrix.From(new float[,] { { 0, 1 }, { 1, 2 }, { 2, 3 } }));
        var wrongWidth = () => detector.Score(FeatureMatrix.From(new float[,] { { 0, 1, 2 } }));
        wrongWidth.Should().Throw<ArgumentException>().WithMessage("*3 features*fitted with 2*");
    }

    [Fact]
    public void A_saved_file_with_unsorted_columns_is_refused()
    {
        var detector = new EcodScorer();
        detector.Fit(FeatureMatrix.From(new float[,] { { 0, 1 }, { 1, 2 }, { 2, 3 } }));
        var json = ScorerPersistence.ToJson(detector);
        json["model"]!["sortedColumns"]![0]![0] = 9f;
        json.Remove("checksum");
        var copy = (System.Text.Json.Nodes.JsonObject)json.DeepClone();
        // Re-sign the edited document the way Save does, so that the model's own validation is what refuses it.
        var bytes = System.Text.Encoding.UTF8.GetBytes(copy.ToJsonString());
        json["checksum"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var act = () => ScorerPersistence.FromJson(json);
        act.Should().Throw<InvalidDataException>().WithMessage("*column 0 is not sorted at position 1*");
    }
}
