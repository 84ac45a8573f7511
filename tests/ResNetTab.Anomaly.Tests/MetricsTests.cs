using ResNetTab.Anomaly.Evaluation;

namespace ResNetTab.Anomaly.Tests;

public class MetricsTests
{
    public static TheoryData<int> Cases => new() { 0, 1, 2, 3 };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Metrics_EqualScikitLearn(int index)
    {
        var c = Oracle.Load("metrics.json").GetProperty("cases")[index];
        var y = c.Ints("y");
        var s = c.Doubles("scores");
        string name = c.GetProperty("name").GetString()!;
        AnomalyMetrics.RocAuc(y, s).Should().BeApproximately(c.GetProperty("roc_auc").GetDouble(), 1e-12, name);
        AnomalyMetrics.AveragePrecision(y, s).Should().BeApproximately(c.GetProperty("average_precision").GetDouble(), 1e-12, name);
        var at = AnomalyMetrics.AtThreshold(y, s, c.GetProperty("threshold").GetDouble());
        at.Precision.Should().BeApproximately(c.GetProperty("precision_at_threshold").GetDouble(), 1e-12);
        at.Recall.Should().BeApproximately(c.GetProperty("recall_at_threshold").GetDouble(), 1e-12);
        at.F1.Should().BeApproximately(c.GetProperty("f1_at_threshold").GetDouble(), 1e-12);
        AnomalyMetrics.PrecisionAtK(y, s).Should().BeApproximately(c.GetProperty("precision_at_k").GetDouble(), 1e-12);
        var best = AnomalyMetrics.BestF1Threshold(y, s);
        best.F1.Should().BeApproximately(c.GetProperty("best_f1").GetDouble(), 1e-12, name);
        best.Threshold.Should().Be(c.GetProperty("best_f1_threshold").GetDouble(), name);
        best.Precision.Should().BeApproximately(c.GetProperty("best_f1_precision").GetDouble(), 1e-12);
        best.Recall.Should().BeApproximately(c.GetProperty("best_f1_recall").GetDouble(), 1e-12);
    }

    [Fact]
    public void TiedScores_CountOneHalf()
    {
        // One positive tied with one negative: AUC 0.5; all tied: 0.5.
        AnomalyMetrics.RocAuc([1, 0], [0.3, 0.3]).Should().Be(0.5);
        AnomalyMetrics.RocAuc([1, 0, 0, 1], [1, 1, 1, 1]).Should().Be(0.5);
        AnomalyMetrics.RocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).Should().Be(0.75);
    }

    [Fact]
    public void BadLabels_AreRejected()
    {
        var one = () => AnomalyMetrics.RocAuc([1, 1], [0.1, 0.2]);
        one.Should().Throw<ArgumentException>().WithMessage("*only one class*");
        var bad = () => AnomalyMetrics.RocAuc([2, 0], [0.1, 0.2]);
        bad.Should().Throw<ArgumentException>().WithMessage("*must be 0 (normal) or 1 (anomaly)*");
        var len = () => AnomalyMetrics.AveragePrecision([1, 0, 1], [0.1, 0.2]);
        len.Should().Throw<ArgumentException>().WithMessage("*3 labels but there are 2 scores*");
        var zero = AnomalyMetrics.PrecisionRecallF1([1, 0], [0, 0]);
        zero.Precision.Should().Be(0);
        zero.F1.Should().Be(0);
    }
}
