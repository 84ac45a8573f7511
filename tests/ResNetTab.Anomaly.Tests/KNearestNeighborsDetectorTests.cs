using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;

namespace ResNetTab.Anomaly.Tests;

public class KNearestNeighborsDetectorTests
{
    [Theory]
    [InlineData(KNeighborsMethod.Largest, "train_largest")]
    [InlineData(KNeighborsMethod.Mean, "train_mean")]
    [InlineData(KNeighborsMethod.Median, "train_median")]
    public void TrainingScores_MatchPyOdDefinitions(KNeighborsMethod method, string field)
    {
        var c = Oracle.Load("knn.json").GetProperty("cases")[0];
        int d = c.GetProperty("d").GetInt32(), k = c.GetProperty("k").GetInt32();
        var knn = new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = k, Method = method });
        knn.Fit(c.Matrix("train", d));
        var expected = c.Doubles(field);
        for (int i = 0; i < expected.Length; i++) knn.TrainingScores[i].Should().BeApproximately(expected[i], 1e-6 * expected[i]);
        // 'auto' means PyOD's 0.1: threshold is the 90th percentile of training scores.
        knn.Threshold.Should().BeApproximately(Percentile.Of(knn.TrainingScores, 90), 1e-12);
    }

    [Fact]
    public void NewRows_AreScoredAgainstAllTrainingRows()
    {
        var c = Oracle.Load("knn.json").GetProperty("cases")[0];
        int d = c.GetProperty("d").GetInt32(), k = c.GetProperty("k").GetInt32();
        var knn = new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = k });
        knn.Fit(c.Matrix("train", d));
        var s = knn.Score(c.Matrix("test", d));
        var expected = c.Doubles("test_largest");
        for (int i = 0; i < expected.Length; i++) s[i].Should().BeApproximately(expected[i], 1e-6 * expected[i]);
    }
}
