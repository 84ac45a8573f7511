namespace ResNetTab.Anomaly.Evaluation;

/// <summary>Precision, recall and F1 of binary predictions (positive class = 1 = anomaly).</summary>
/// <param name="Precision">TP / (TP + FP), 0 when nothing is predicted positive (scikit-learn's zero_division).</param>
/// <param name="Recall">TP / (TP + FN), 0 when there are no positives.</param>
/// <param name="F1">Harmonic mean of precision and recall, 0 when both are 0.</param>
/// <param name="Threshold">The score threshold used, when the predictions came from one.</param>
public readonly record struct ThresholdMetrics(double Precision, double Recall, double F1, double Threshold);
