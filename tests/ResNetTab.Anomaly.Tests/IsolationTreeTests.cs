using ResNetTab.Anomaly;

namespace ResNetTab.Anomaly.Tests;

public class IsolationTreeTests
{
    private const double Gamma = 0.5772156649015329;

    // Root splits feature 0 at 0.5; its right child splits feature 1 at 2.0.
    private static IsolationTree SmallTree() => new(
        feature: [0, -1, 1, -1, -1],
        threshold: [0.5, -2, 2.0, -2, -2],
        left: [1, -1, 3, -1, -1],
        right: [2, -1, 4, -1, -1],
        nodeSampleCount: [8, 3, 5, 1, 4]);

    [Fact]
    public void AveragePathLength_MatchesTheFormula()
    {
        AveragePathLength.Of(0).Should().Be(0);
        AveragePathLength.Of(1).Should().Be(0);
        AveragePathLength.Of(2).Should().Be(1);
        AveragePathLength.Of(3).Should().Be((2 * (Math.Log(2) + Gamma)) - (2.0 * 2 / 3));
        // numpy: 2*(log(255)+euler_gamma) - 2*255/256
        AveragePathLength.Of(256).Should().BeApproximately(10.244770920119917, 1e-12);
    }

    [Fact]
    public void PathLength_IsLeafDepthPlusCOfLeafSize()
    {
        var t = SmallTree();
        t.PathLength([0.5f, 100f]).Should().Be(1 + AveragePathLength.Of(3)); // x <= t goes left
        t.PathLength([0.6f, 2.0f]).Should().Be(2 + 0.0);
        t.PathLength([0.6f, 2.1f]).Should().Be(2 + AveragePathLength.Of(4));
        t.MaxDepth.Should().Be(2);
    }

    [Fact]
    public void Thresholds_AreComparedLikeScikitLearn_Float32AgainstDouble()
    {
        // 0.1f = 0.100000001490116... is above the double 0.1, so it goes right; the same value as a
        // double threshold sends it left.
        var t = new IsolationTree([0, -1, -1], [0.1, -2, -2], [1, -1, -1], [2, -1, -1], [4, 1, 3]);
        t.PathLength([0.1f]).Should().Be(1 + AveragePathLength.Of(3));
        var t2 = new IsolationTree([0, -1, -1], [(double)0.1f, -2, -2], [1, -1, -1], [2, -1, -1], [4, 1, 3]);
        t2.PathLength([0.1f]).Should().Be(1 + AveragePathLength.Of(1));
    }

    [Fact]
    public void InvalidTrees_AreRejected()
    {
        var cycle = () => new IsolationTree([0, -1], [0.5, -2], [1, -1], [0, -1], [2, 1]);
        cycle.Should().Throw<ArgumentException>();
        var unreachable = () => new IsolationTree([-1, -1], [-2, -2], [-1, -1], [-1, -1], [1, 1]);
        unreachable.Should().Throw<ArgumentException>().WithMessage("*not reachable*");
    }

    [Fact]
    public void ForestScore_Is2PowMinusMeanPathOverCOfMaxSamples_WithAutoOffset()
    {
        var leafOnly = new IsolationTree([-1], [-2], [-1], [-1], [8]);
        var forest = IsolationForest.FromTrees([SmallTree(), leafOnly], maxSamples: 8, featureCount: 2);
        var x = new float[,] { { 0.5f, 0 }, { 0.6f, 2.0f }, { 0.6f, 5f } };
        double c8 = AveragePathLength.Of(8);
        double[] expectedPath =
        [
            (1 + AveragePathLength.Of(3) + c8) / 2,
            (2 + c8) / 2,
            (2 + AveragePathLength.Of(4) + c8) / 2,
        ];
        var score = forest.Score(x);
        var samples = forest.ScoreSamples(x);
        var decision = forest.DecisionFunction(x);
        for (int i = 0; i < 3; i++)
        {
            double s = Math.Pow(2, -expectedPath[i] / c8);
            score[i].Should().BeApproximately(s, 1e-15);
            samples[i].Should().BeApproximately(-s, 1e-15);
            decision[i].Should().BeApproximately(-s + 0.5, 1e-15); // offset_ = -0.5 for 'auto'
        }
        forest.Offset.Should().Be(-0.5);
        forest.Threshold.Should().Be(0.5);
        forest.Predict(x).Should().Equal(score.Select(s => s > 0.5 ? 1 : 0));
        forest.Predict(x).Should().Equal(decision.Select(d => d < 0 ? 1 : 0));
    }

    [Fact]
    public void ContaminationOffset_IsThePercentileOfTrainingScoreSamples()
    {
        var training = FeatureMatrix.From(new float[,] { { 0.1f, 0 }, { 0.6f, 1 }, { 0.7f, 3 }, { 0.9f, 9 }, { 0.2f, 5 } });
        var forest = IsolationForest.FromTrees([SmallTree()], 8, 2, Contamination.Of(0.25), training);
        var samples = forest.ScoreSamples(training);
        forest.Offset.Should().Be(Percentile.Of(samples, 25));
        forest.TrainingScores.Should().Equal(samples.Select(s => -s));
        // With 5 rows and 25 %, numpy's linear percentile sits exactly on the 2nd smallest value.
        forest.Offset.Should().Be(samples.OrderBy(v => v).ElementAt(1));
    }

    [Fact]
    public void Percentile_MatchesNumpyLinearInterpolation()
    {
        double[] v = [3, 1, 4, 1, 5, 9, 2, 6];
        Percentile.Of(v, 0).Should().Be(1);
        Percentile.Of(v, 100).Should().Be(9);
        Percentile.Of(v, 50).Should().Be(3.5);          // np.percentile(v, 50)
        Percentile.Of(v, 10).Should().BeApproximately(1.0, 1e-15);
        Percentile.Of(v, 90).Should().BeApproximately(6.9, 1e-12); // 6 + 0.3 * 3
    }
}
