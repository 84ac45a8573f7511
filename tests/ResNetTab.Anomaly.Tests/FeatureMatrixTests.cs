using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;

namespace ResNetTab.Anomaly.Tests;

public class FeatureMatrixTests
{
    [Fact]
    public void From2DArray_CopiesRowMajor()
    {
        var m = FeatureMatrix.From(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        m.Rows.Should().Be(2);
        m.Columns.Should().Be(3);
        m.Values.ToArray().Should().Equal(1, 2, 3, 4, 5, 6);
        m[1, 2].Should().Be(6);
        m.Row(1).ToArray().Should().Equal(4, 5, 6);
    }

    [Theory]
    [InlineData(float.NaN, "NaN at row 1, column 2")]
    [InlineData(float.PositiveInfinity, "infinite value at row 1, column 2")]
    [InlineData(float.NegativeInfinity, "infinite value at row 1, column 2")]
    public void NonFiniteValues_AreRejectedWithTheirPosition(float bad, string expected)
    {
        var x = new float[,] { { 1, 2, 3 }, { 4, 5, bad } };
        var act = () => FeatureMatrix.From(x);
        act.Should().Throw<ArgumentException>().WithMessage($"*{expected}*");
        var span = () => FeatureMatrix.From(new float[] { 1, 2, 3, 4, 5, bad }, 3);
        span.Should().Throw<ArgumentException>().WithMessage($"*{expected}*");
    }

    [Fact]
    public void SpanLengthMustBeAMultipleOfColumns()
    {
        var act = () => FeatureMatrix.From(new float[] { 1, 2, 3, 4, 5 }, 2);
        act.Should().Throw<ArgumentException>().WithMessage("*5 values do not form rows of 2 columns*");
        var zero = () => FeatureMatrix.From(new float[] { 1 }, 0);
        zero.Should().Throw<ArgumentException>().WithMessage("*column count must be positive*");
    }

    [Fact]
    public void ScorerChecksFeatureCountAndFitState()
    {
        var forest = new IsolationForest(new IsolationForestOptions { Seed = 1, NEstimators = 5 });
        var notFitted = () => forest.Score(new float[,] { { 1, 2 } });
        notFitted.Should().Throw<InvalidOperationException>().WithMessage("*not fitted*");
        forest.Fit(new float[,] { { 1, 2 }, { 3, 4 }, { 5, 7 } });
        var mismatch = () => forest.Score(new float[,] { { 1, 2, 3 } });
        mismatch.Should().Throw<ArgumentException>().WithMessage("*3 features*fitted with 2 features*");
    }

    [Fact]
    public void TooFewSamplesAreRejected()
    {
        var lof = new LocalOutlierFactor();
        var act = () => lof.Fit(new float[,] { { 1, 2 } });
        act.Should().Throw<ArgumentException>().WithMessage("*at least 2 training samples, got 1*");
        var knn = new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 5 });
        var act2 = () => knn.Fit(new float[,] { { 1 }, { 2 }, { 3 } });
        act2.Should().Throw<ArgumentException>().WithMessage("*at least 6 training samples, got 3*");
    }

    [Fact]
    public void ContaminationValidatesItsRange()
    {
        Contamination.Parse("auto").IsAuto.Should().BeTrue();
        Contamination.Parse("0.05").Fraction.Should().Be(0.05);
        var act = () => Contamination.Of(0.6);
        act.Should().Throw<ArgumentOutOfRangeException>();
        var zero = () => Contamination.Of(0);
        zero.Should().Throw<ArgumentOutOfRangeException>();
    }
}
