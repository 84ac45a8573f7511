using ResNetTab.Anomaly;

namespace ResNetTab.Anomaly.Tests;

public class MahalanobisDetectorTests
{
    [Fact]
    public void LedoitWolf_EqualsScikitLearn()
    {
        var c = Oracle.Load("covariance.json");
        int d = c.GetProperty("d").GetInt32();
        var m = new MahalanobisScorer();
        m.Fit(c.Matrix("train", d));
        m.ShrinkageApplied.Should().BeApproximately(c.GetProperty("ledoit_wolf_shrinkage").GetDouble(), 1e-9);
        var cov = c.Doubles("ledoit_wolf_covariance");
        for (int i = 0; i < cov.Length; i++) m.Covariance[i].Should().BeApproximately(cov[i], 1e-9 * (1 + Math.Abs(cov[i])));
        var expected = c.Doubles("ledoit_wolf_mahalanobis");
        var got = m.Score(c.Matrix("test", d));
        for (int i = 0; i < expected.Length; i++) got[i].Should().BeApproximately(expected[i], 1e-8 * expected[i]);
    }

    [Fact]
    public void Empirical_EqualsScikitLearn()
    {
        var c = Oracle.Load("covariance.json");
        int d = c.GetProperty("d").GetInt32();
        var m = new MahalanobisScorer(new MahalanobisOptions { Estimator = CovarianceEstimator.Empirical });
        m.Fit(c.Matrix("train", d));
        m.Location.Should().Equal(c.Doubles("location"), (a, b) => Math.Abs(a - b) < 1e-12);
        var expected = c.Doubles("empirical_mahalanobis");
        var samples = m.ScoreSamples(c.Matrix("test", d));
        for (int i = 0; i < expected.Length; i++) samples[i].Should().BeApproximately(-expected[i], 1e-8 * expected[i]);
    }

    [Fact]
    public void CollinearFeatures_StayFinite()
    {
        var x = FeatureMatrix.From(new float[,] { { 1, 2 }, { 2, 4 }, { 3, 6 }, { 4, 8 } });
        var m = new MahalanobisScorer(new MahalanobisOptions { Estimator = CovarianceEstimator.Empirical });
        m.Fit(x);
        m.TrainingScores.Should().OnlyContain(v => double.IsFinite(v));
    }
}
