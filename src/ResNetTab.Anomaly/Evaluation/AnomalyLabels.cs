using System.Globalization;

namespace ResNetTab.Anomaly.Evaluation;

/// <summary>
/// Ground truth for a set of events, one entry per event in event order: whether it is an anomaly and, where known,
/// its kind. <see cref="Read"/> loads a labels CSV such as the synthetic OCSF generator writes
/// (<c>index,uid,is_anomaly,anomaly_kind,…</c>).
/// </summary>
public sealed class AnomalyLabels
{
    /// <summary>Creates labels after checking that there is one kind per event and that every label is 0 or 1.</summary>
    /// <param name="isAnomaly">1 for an anomaly, 0 for a normal event.</param>
    /// <param name="kinds">The kind of each event (e.g. <c>normal</c>, <c>brute_force</c>).</param>
    /// <exception cref="ArgumentException">The lists differ in length or a label is not 0 or 1.</exception>
    public AnomalyLabels(IReadOnlyList<int> isAnomaly, IReadOnlyList<string> kinds)
    {
        ArgumentNullException.ThrowIfNull(isAnomaly);
        ArgumentNullException.ThrowIfNull(kinds);
        if (isAnomaly.Count != kinds.Count)
            throw new ArgumentException($"There are {isAnomaly.Count} labels but {kinds.Count} kinds; one per event is needed.", nameof(kinds));
        Labels.CheckBinary(isAnomaly, nameof(isAnomaly));
        IsAnomaly = [.. isAnomaly];
        Kinds = [.. kinds];
    }

    /// <summary>1 for an anomaly, 0 for a normal event (the <c>yTrue</c> of <see cref="AnomalyMetrics"/>).</summary>
    public IReadOnlyList<int> IsAnomaly { get; }

    /// <summary>The kind of each event; empty where the file gives none.</summary>
    public IReadOnlyList<string> Kinds { get; }

    /// <summary>Events.</summary>
    public int Count => IsAnomaly.Count;

    /// <summary>Fraction of events that are anomalies (0 without events).</summary>
    public double AnomalyRate => Count == 0 ? 0 : IsAnomaly.Average();

    /// <summary>The labels of <paramref name="count"/> events from <paramref name="start"/> (e.g. a held-out half).</summary>
    /// <param name="start">First event.</param>
    /// <param name="count">Events.</param>
    /// <returns>The labels of those events.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside the labels.</exception>
    public AnomalyLabels Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start > Count - count)
            throw new ArgumentOutOfRangeException(nameof(start), string.Create(CultureInfo.InvariantCulture, $"Events [{start}, {(long)start + count}) are outside the {Count} labels."));
        return new AnomalyLabels([.. IsAnomaly.Skip(start).Take(count)], [.. Kinds.Skip(start).Take(count)]);
    }

    /// <summary>
    /// Reads a labels CSV: a header naming an <c>is_anomaly</c> column (<c>1</c>/<c>0</c> or <c>true</c>/<c>false</c>)
    /// and optionally an <c>anomaly_kind</c> column, then one line per event in event order; blank lines are skipped.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <returns>The labels.</returns>
    /// <exception cref="InvalidDataException">The header lacks <c>is_anomaly</c>, or a line is short or holds another value (the message names the file and line).</exception>
    public static AnomalyLabels Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: the file is empty; expected a header with an is_anomaly column.");
        var names = header.Split(',').Select(n => n.Trim()).ToList();
        var labelColumn = names.IndexOf("is_anomaly");
        if (labelColumn < 0) throw new InvalidDataException($"{path}:1: the header '{header}' has no is_anomaly column.");
        var kindColumn = names.IndexOf("anomaly_kind");
        var isAnomaly = new List<int>();
        var kinds = new List<string>();
        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0) continue;
            var parts = line.Split(',');
            if (parts.Length <= Math.Max(labelColumn, kindColumn))
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}:{number}: expected {names.Count} columns ({header}), got '{line}'."));
            isAnomaly.Add(parts[labelColumn].Trim() switch
            {
                "1" or "true" or "True" => 1,
                "0" or "false" or "False" => 0,
                var other => throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}:{number}: is_anomaly is '{other}'; expected 1, 0, true or false.")),
            });
            kinds.Add(kindColumn < 0 ? "" : parts[kindColumn].Trim());
        }
        return new AnomalyLabels(isAnomaly, kinds);
    }
}
