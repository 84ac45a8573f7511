using ResNetTab.Anomaly;

namespace ResNetTab.Anomaly.Tests;

public sealed class EntityContextScorerTests
{
    // Two hosts with different normal behaviour: host A near (0, 0), host B near (10, 10).
    private static (FeatureMatrix X, string?[] E) Hosts()
    {
        var rng = new Random(4);
        var v = new List<float>();
        var e = new List<string?>();
        for (int i = 0; i < 60; i++)
        {
            bool a = i % 2 == 0;
            v.Add((float)((a ? 0 : 10) + (TestData.Gauss(rng) * 0.5)));
            v.Add((float)((a ? 0 : 10) + (TestData.Gauss(rng) * 0.5)));
            e.Add(a ? "A" : "B");
        }
        v.Add(5); v.Add(5); e.Add("rare");
        return (FeatureMatrix.Wrap(v.ToArray(), 2), e.ToArray());
    }

    [Theory]
    [InlineData(EntityContextMode.Centroid)]
    [InlineData(EntityContextMode.Neighbors)]
    public void RowNormalForOneEntity_IsAnomalousForAnother(EntityContextMode mode)
    {
        var (x, e) = Hosts();
        var s = new EntityContextScorer(new EntityContextOptions { Mode = mode, MinEntitySamples = 10 });
        s.Fit(x, e);
        s.HasOwnModel("A").Should().BeTrue();
        s.HasOwnModel("rare").Should().BeFalse();
        var probe = FeatureMatrix.From(new float[,] { { 10, 10 }, { 10, 10 }, { 0, 0 } });
        var scores = s.Score(probe, ["B", "A", "A"]);
        scores[1].Should().BeGreaterThan(5 * scores[0]); // (10, 10) is normal for B, not for A
        scores[2].Should().BeLessThan(2);
        s.Predict(probe, ["B", "A", "A"]).Should().Equal(0, 1, 0);
    }

    [Fact]
    public void NewAndRareEntities_FallBackToTheGlobalCentroid()
    {
        var (x, e) = Hosts();
        var s = new EntityContextScorer();
        s.Fit(x, e);
        var probe = FeatureMatrix.From(new float[,] { { 1, 2 } });
        // Global centroid of all 61 rows.
        double cx = Enumerable.Range(0, x.Rows).Average(i => (double)x[i, 0]);
        double cy = Enumerable.Range(0, x.Rows).Average(i => (double)x[i, 1]);
        double expected = Math.Sqrt(((1 - cx) * (1 - cx)) + ((2 - cy) * (2 - cy)));
        s.Score(probe, ["never-seen"])[0].Should().BeApproximately(expected, 1e-9);
        s.Score(probe, ["rare"])[0].Should().BeApproximately(expected, 1e-9);
        s.Score(probe, [null])[0].Should().BeApproximately(expected, 1e-9);
        s.TrainingScores.Count(v => v > s.Threshold).Should().BeInRange(5, 7); // contamination 'auto' = 0.1
    }

    [Fact]
    public void SaveAndLoad_GiveIdenticalScores_AndBadInputFails()
    {
        var (x, e) = Hosts();
        var s = new EntityContextScorer(new EntityContextOptions { Mode = EntityContextMode.Neighbors, NNeighbors = 3 });
        s.Fit(x, e);
        string path = Path.Combine(Path.GetTempPath(), $"entity-{Guid.NewGuid():N}.json");
        try
        {
            s.Save(path);
            var loaded = EntityContextScorer.Load(path);
            loaded.Score(x, e).Should().Equal(s.Score(x, e));
            loaded.Offset.Should().Be(s.Offset);
        }
        finally
        {
            File.Delete(path);
        }
        var wrongCount = () => s.Score(x, ["A"]);
        wrongCount.Should().Throw<ArgumentException>().WithMessage("*1 entity keys for 61 rows*");
    }
}
