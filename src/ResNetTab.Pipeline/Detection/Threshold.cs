using System.Globalization;

namespace ResNetTab.Pipeline;

/// <summary>Chooses the decision threshold without labels, from the training events' own scores.</summary>
internal static class Threshold
{
    /// <summary>The (1 − contamination) quantile of the training scores, linearly interpolated as NumPy's default percentile.</summary>
    public static ThresholdInfo AtContamination(IReadOnlyList<double> trainingScores, double contamination)
    {
        var sorted = trainingScores.Order().ToArray();
        var position = (1 - contamination) * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var value = sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
        return new ThresholdInfo
        {
            Value = value,
            Contamination = contamination,
            Method = string.Create(CultureInfo.InvariantCulture,
                $"the {(1 - contamination) * 100:0.##}th percentile of the {sorted.Length:N0} training events' scores (contamination {contamination:0.###})"),
        };
    }
}
