namespace ResNetTab.Anomaly.Evaluation;

/// <summary>
/// Detection metrics equal to scikit-learn's (labels: 1 = anomaly, 0 = normal; scores: higher = more anomalous).
/// </summary>
public static class AnomalyMetrics
{
    /// <summary>Area under the ROC curve, as <c>sklearn.metrics.roc_auc_score</c> (tied scores count one half).</summary>
    /// <param name="yTrue">Labels in {0, 1}; both classes must occur.</param>
    /// <param name="scores">Scores, higher = more anomalous.</param>
    public static double RocAuc(IReadOnlyList<int> yTrue, IReadOnlyList<double> scores)
    {
        var c = new BinaryCurve(yTrue, scores);
        double p = c.TruePositives[^1], n = c.FalsePositives[^1];
        if (p == 0 || n == 0)
            throw new ArgumentException("ROC AUC is undefined when only one class is present in yTrue.", nameof(yTrue));
        // Trapezoids between consecutive (fpr, tpr) points, starting at (0, 0), as np.trapz.
        double area = 0, prevX = 0, prevY = 0;
        for (int i = 0; i < c.Thresholds.Length; i++)
        {
            double x = c.FalsePositives[i] / n, y = c.TruePositives[i] / p;
            area += (x - prevX) * (y + prevY) / 2.0;
            prevX = x;
            prevY = y;
        }
        return area;
    }

    /// <summary>Average precision, as <c>sklearn.metrics.average_precision_score</c>: Σ (Rₙ − Rₙ₋₁) Pₙ.</summary>
    /// <param name="yTrue">Labels in {0, 1}; at least one anomaly.</param>
    /// <param name="scores">Scores, higher = more anomalous.</param>
    public static double AveragePrecision(IReadOnlyList<int> yTrue, IReadOnlyList<double> scores)
    {
        var c = new BinaryCurve(yTrue, scores);
        double p = c.TruePositives[^1];
        if (p == 0) throw new ArgumentException("Average precision is undefined without anomalies in yTrue.", nameof(yTrue));
        double ap = 0, prevRecall = 0;
        for (int i = 0; i < c.Thresholds.Length; i++)
        {
            double tp = c.TruePositives[i];
            double recall = tp / p, precision = tp / (tp + c.FalsePositives[i]);
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
        }
        return ap;
    }

    /// <summary>Precision, recall and F1 of predicted labels (scikit-learn's binary averaging, zero_division = 0).</summary>
    /// <param name="yTrue">True labels in {0, 1}.</param>
    /// <param name="yPred">Predicted labels in {0, 1}.</param>
    public static ThresholdMetrics PrecisionRecallF1(IReadOnlyList<int> yTrue, IReadOnlyList<int> yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yTrue.Count != yPred.Count)
            throw new ArgumentException($"yTrue has {yTrue.Count} labels but yPred has {yPred.Count}.", nameof(yPred));
        Labels.CheckBinary(yTrue, nameof(yTrue));
        Labels.CheckBinary(yPred, nameof(yPred));
        double tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < yTrue.Count; i++)
        {
            if (yPred[i] == 1 && yTrue[i] == 1) tp++;
            else if (yPred[i] == 1) fp++;
            else if (yTrue[i] == 1) fn++;
        }
        return FromCounts(tp, fp, fn, double.NaN);
    }

    /// <summary>Precision, recall and F1 when rows with <c>score &gt;= threshold</c> are predicted anomalous.</summary>
    /// <param name="yTrue">True labels in {0, 1}.</param>
    /// <param name="scores">Scores, higher = more anomalous.</param>
    /// <param name="threshold">Decision threshold (inclusive, as scikit-learn's precision–recall curve).</param>
    public static ThresholdMetrics AtThreshold(IReadOnlyList<int> yTrue, IReadOnlyList<double> scores, double threshold)
    {
        Labels.Check(yTrue, scores);
        var pred = scores.Select(s => s >= threshold ? 1 : 0).ToArray();
        return PrecisionRecallF1(yTrue, pred) with { Threshold = threshold };
    }

    /// <summary>
    /// Precision among the top <paramref name="k"/> scores, as PyOD's <c>precision_n_scores</c>: the threshold is the
    /// (1 − k/n) percentile of the scores and rows at or above it count as predicted anomalies (ties may add rows).
    /// </summary>
    /// <param name="yTrue">True labels in {0, 1}.</param>
    /// <param name="scores">Scores, higher = more anomalous.</param>
    /// <param name="k">Rows to take; null = the number of anomalies in <paramref name="yTrue"/>.</param>
    public static double PrecisionAtK(IReadOnlyList<int> yTrue, IReadOnlyList<double> scores, int? k = null)
    {
        Labels.Check(yTrue, scores);
        int n = k ?? yTrue.Count(v => v == 1);
        if (n < 1 || n > yTrue.Count) throw new ArgumentOutOfRangeException(nameof(k), n, $"k must be in [1, {yTrue.Count}].");
        double threshold = Percentile.Of(scores, 100.0 * (1.0 - ((double)n / yTrue.Count)));
        return AtThreshold(yTrue, scores, threshold).Precision;
    }

    /// <summary>
    /// The threshold of the precision–recall curve with the highest F1 (the lowest such threshold on ties),
    /// with its precision, recall and F1.
    /// </summary>
    /// <param name="yTrue">True labels in {0, 1}; at least one anomaly.</param>
    /// <param name="scores">Scores, higher = more anomalous.</param>
    public static ThresholdMetrics BestF1Threshold(IReadOnlyList<int> yTrue, IReadOnlyList<double> scores)
    {
        var c = new BinaryCurve(yTrue, scores);
        double p = c.TruePositives[^1];
        if (p == 0) throw new ArgumentException("F1 is undefined without anomalies in yTrue.", nameof(yTrue));
        ThresholdMetrics best = default;
        bool any = false;
        // Thresholds are descending here; '>=' keeps the lowest threshold among equal F1 values.
        for (int i = 0; i < c.Thresholds.Length; i++)
        {
            double tp = c.TruePositives[i], fp = c.FalsePositives[i];
            var m = FromCounts(tp, fp, p - tp, c.Thresholds[i]);
            if (!any || m.F1 >= best.F1) best = m;
            any = true;
            if (tp == p) break; // scikit-learn's curve stops at full recall
        }
        return best;
    }

    private static ThresholdMetrics FromCounts(double tp, double fp, double fn, double threshold)
    {
        double precision = tp + fp > 0 ? tp / (tp + fp) : 0;
        double recall = tp + fn > 0 ? tp / (tp + fn) : 0;
        double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return new ThresholdMetrics(precision, recall, f1, threshold);
    }
}
