namespace ResNetTab.Anomaly.Evaluation;

/// <summary>Input checks shared by the metrics.</summary>
internal static class Labels
{
    public static void Check(IReadOnlyList<int> yTrue, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(scores);
        if (yTrue.Count != scores.Count)
            throw new ArgumentException($"yTrue has {yTrue.Count} labels but there are {scores.Count} scores.", nameof(scores));
        if (yTrue.Count == 0) throw new ArgumentException("No samples.", nameof(yTrue));
        CheckBinary(yTrue, nameof(yTrue));
        for (int i = 0; i < scores.Count; i++)
            if (!double.IsFinite(scores[i])) throw new ArgumentException($"Score {i} is not finite.", nameof(scores));
    }

    public static void CheckBinary(IReadOnlyList<int> y, string name)
    {
        for (int i = 0; i < y.Count; i++)
            if (y[i] is not (0 or 1)) throw new ArgumentException($"Label {i} is {y[i]}; labels must be 0 (normal) or 1 (anomaly).", name);
    }
}
