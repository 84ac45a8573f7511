using ResNetTab.Anomaly;

namespace ResNetTab.Anomaly.Tests;

public class LocalOutlierFactorTests
{
    public static TheoryData<int> Cases => new() { 0, 1, 2 };

    private static void ShouldMatchRelative(IReadOnlyList<double> actual, double[] expected, double rel)
    {
        actual.Should().HaveCount(expected.Length);
        for (int i = 0; i < expected.Length; i++)
            actual[i].Should().BeApproximately(expected[i], rel * Math.Abs(expected[i]), $"element {i}");
    }

    private static Contamination ContaminationOf(System.Text.Json.JsonElement c) =>
        c.GetProperty("contamination").ValueKind == System.Text.Json.JsonValueKind.String
            ? Contamination.Auto
            : Contamination.Of(c.GetProperty("contamination").GetDouble());

    [Theory]
    [MemberData(nameof(Cases))]
    public void NegativeOutlierFactor_EqualsScikitLearn(int index)
    {
        var c = Oracle.Load("lof.json").GetProperty("cases")[index];
        int d = c.GetProperty("d").GetInt32();
        var lof = new LocalOutlierFactor(new LocalOutlierFactorOptions
        {
            NNeighbors = c.GetProperty("n_neighbors").GetInt32(),
            Contamination = ContaminationOf(c),
        });
        var labels = lof.FitPredict(c.Matrix("train", d));
        lof.NNeighborsResolved.Should().Be(c.GetProperty("n_neighbors_").GetInt32());
        ShouldMatchRelative(lof.NegativeOutlierFactor, c.Doubles("negative_outlier_factor"), 1e-4);
        lof.TrainingScores.Should().Equal(lof.NegativeOutlierFactor.Select(v => -v));
        lof.Offset.Should().BeApproximately(c.GetProperty("offset").GetDouble(), 1e-4 * Math.Abs(lof.Offset));
        labels.Should().Equal(c.Ints("fit_predict"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void NoveltyScoreSamples_EqualScikitLearn(int index)
    {
        var c = Oracle.Load("lof.json").GetProperty("cases")[index];
        int d = c.GetProperty("d").GetInt32();
        var lof = new LocalOutlierFactor(new LocalOutlierFactorOptions
        {
            NNeighbors = c.GetProperty("n_neighbors").GetInt32(),
            Contamination = ContaminationOf(c),
            Novelty = true,
        });
        lof.Fit(c.Matrix("train", d));
        var test = c.Matrix("test", d);
        ShouldMatchRelative(lof.ScoreSamples(test), c.Doubles("novelty_score_samples"), 1e-4);
        var decision = lof.DecisionFunction(test);
        var expected = c.Doubles("novelty_decision_function");
        for (int i = 0; i < expected.Length; i++) decision[i].Should().BeApproximately(expected[i], 1e-4 * (1 + Math.Abs(expected[i])));
    }

    [Fact]
    public void OutlierMode_RefusesToScoreNewData()
    {
        var (x, _) = TestData.Blobs(100, 3, 5, 1);
        var lof = new LocalOutlierFactor();
        lof.Fit(x);
        var act = () => lof.Score(x);
        act.Should().Throw<InvalidOperationException>().WithMessage("*Novelty = true*");
        lof.Offset.Should().Be(-1.5);
        lof.Threshold.Should().Be(1.5);
    }

    [Fact]
    public void DuplicateRows_AreNeverTheirOwnNeighbour_AndGiveFiniteScores()
    {
        // Duplicates: distance 0 to the twin, but never to the row itself; lrd stays finite thanks to the 1e-10.
        var x = FeatureMatrix.From(new float[,] { { 0, 0 }, { 0, 0 }, { 1, 0 }, { 0, 1 }, { 5, 5 } });
        var lof = new LocalOutlierFactor(new LocalOutlierFactorOptions { NNeighbors = 2 });
        lof.Fit(x);
        lof.NegativeOutlierFactor.Should().OnlyContain(v => double.IsFinite(v));
        lof.TrainingScores.ToList().IndexOf(lof.TrainingScores.Max()).Should().Be(4);
    }
}
