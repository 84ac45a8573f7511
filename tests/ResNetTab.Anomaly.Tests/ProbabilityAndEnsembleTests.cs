using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;
using ResNetTab.Anomaly.Evaluation;

namespace ResNetTab.Anomaly.Tests;

public class ProbabilityAndEnsembleTests
{
    [Fact]
    public void PredictProba_LinearAndUnify_FollowPyOd()
    {
        var (x, _) = TestData.Blobs(200, 3, 10, 5);
        var f = new IsolationForest(new IsolationForestOptions { Seed = 3, NEstimators = 30 });
        f.Fit(x);
        var train = f.TrainingScores.ToArray();
        double min = train.Min(), max = train.Max(), mean = train.Average();
        double std = Math.Sqrt(train.Select(v => (v - mean) * (v - mean)).Sum() / train.Length);
        var s = f.Score(x);
        var lin = f.PredictProba(x);
        var uni = f.PredictProba(x, ProbabilityMethod.Unify);
        for (int i = 0; i < s.Length; i++)
        {
            lin[i, 1].Should().BeApproximately((s[i] - min) / (max - min), 1e-12);
            (lin[i, 0] + lin[i, 1]).Should().Be(1);
            double u = Math.Clamp(MathNet.Numerics.SpecialFunctions.Erf((s[i] - mean) / (std * Math.Sqrt(2))), 0, 1);
            uni[i, 1].Should().BeApproximately(u, 1e-12);
        }
    }

    [Theory]
    [InlineData(EnsembleNormalization.Rank)]
    [InlineData(EnsembleNormalization.ZScore)]
    public void Ensemble_AveragesNormalisedMemberScores(EnsembleNormalization normalization)
    {
        var (x, y) = TestData.Blobs(400, 4, 20, 8);
        var a = new IsolationForest(new IsolationForestOptions { Seed = 3, NEstimators = 40 });
        var b = new KNearestNeighborsScorer();
        var e = new ScoreEnsemble([a, b], normalization);
        e.Fit(x);
        var s = e.Score(x);
        var sa = a.Score(x);
        var sb = b.Score(x);
        double Norm(IReadOnlyList<double> train, double v) => normalization == EnsembleNormalization.Rank
            ? (train.Count(t => t < v) + (train.Count(t => t == v) / 2.0)) / train.Count
            : (v - train.Average()) / Math.Sqrt(train.Select(t => (t - train.Average()) * (t - train.Average())).Sum() / train.Count);
        for (int i = 0; i < 20; i++)
            s[i].Should().BeApproximately((Norm(a.TrainingScores, sa[i]) + Norm(b.TrainingScores, sb[i])) / 2, 1e-9);
        AnomalyMetrics.RocAuc(y, e.TrainingScores).Should().BeGreaterThan(0.95);
        e.Threshold.Should().BeApproximately(Percentile.Of(e.TrainingScores, 90), 1e-12);
    }
}
