using ResNetTab.Anomaly.Evaluation;
using ResNetTab.Cli.Output;

namespace ResNetTab.Cli.Evaluation;

/// <summary>Detection quality of scores against labels.</summary>
internal sealed record Evaluation(int Events, int Anomalies, double RocAuc, double AveragePrecision, ThresholdMetrics AtThreshold,
    double PrecisionAtK, int K, IReadOnlyList<KindQuality> Kinds)
{
    public static Evaluation Compute(IReadOnlyList<ScoreRow> rows, int[] truth, string[] kinds)
    {
        var anomalies = truth.Sum();
        if (anomalies == 0 || anomalies == truth.Length)
            throw new InvalidDataException($"The labels hold {anomalies} anomalies among {truth.Length} events; evaluation needs both anomalies and normal events.");
        var scores = rows.Select(r => r.Score).ToArray();
        var predicted = rows.Select(r => r.Label).ToArray();
        var perKind = kinds.Where((_, i) => truth[i] == 1).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(kind =>
        {
            var selected = Enumerable.Range(0, truth.Length).Where(i => truth[i] == 0 || kinds[i] == kind).ToArray();
            var y = selected.Select(i => truth[i]).ToArray();
            var s = selected.Select(i => scores[i]).ToArray();
            var positives = selected.Where(i => truth[i] == 1).ToArray();
            return new KindQuality(kind, positives.Length, AnomalyMetrics.RocAuc(y, s), AnomalyMetrics.AveragePrecision(y, s),
                positives.Count(i => predicted[i] == 1) / (double)positives.Length);
        }).ToList();
        var atThreshold = AnomalyMetrics.PrecisionRecallF1(truth, predicted);
        return new Evaluation(truth.Length, anomalies, AnomalyMetrics.RocAuc(truth, scores), AnomalyMetrics.AveragePrecision(truth, scores),
            atThreshold, AnomalyMetrics.PrecisionAtK(truth, scores, anomalies), anomalies, perKind);
    }
}

/// <summary>Quality on one anomaly kind (that kind against the normal events).</summary>
internal sealed record KindQuality(string Kind, int Count, double RocAuc, double AveragePrecision, double RecallAtThreshold);
