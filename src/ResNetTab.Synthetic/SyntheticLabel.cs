using System.Globalization;
using System.Text;

namespace ResNetTab.Synthetic;

/// <summary>Ground truth of one generated event, as written to the label file.</summary>
/// <param name="Index">0-based event index (line number − 1 in the events file).</param>
/// <param name="Uid">The event's <c>metadata.uid</c>.</param>
/// <param name="Anomaly">Injected anomaly kind, <see cref="AnomalyKind.None"/> for normal events.</param>
/// <param name="Episode">1-based anomaly episode (bursts and scans span several events); 0 when normal.</param>
/// <param name="ClassUid">The event's <c>class_uid</c>.</param>
public readonly record struct SyntheticLabel(long Index, string Uid, AnomalyKind Anomaly, int Episode, int ClassUid)
{
    /// <summary>Header line of the CSV label file.</summary>
    public const string CsvHeader = "index,uid,is_anomaly,anomaly_kind,episode,class_uid";

    /// <summary>True for injected anomalies.</summary>
    public bool IsAnomaly => Anomaly != AnomalyKind.None;

    /// <summary>The CSV line (no quoting needed: no field contains a comma).</summary>
    public string ToCsv() => string.Create(CultureInfo.InvariantCulture,
        $"{Index},{Uid},{(IsAnomaly ? 1 : 0)},{Anomaly.ToLabel()},{Episode},{ClassUid}");

    /// <summary>The JSON Lines form: <c>{"index":…,"uid":…,"is_anomaly":…,"anomaly_kind":…,"episode":…,"class_uid":…}</c>.</summary>
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"index\":{Index},\"uid\":\"{Uid}\",\"is_anomaly\":{(IsAnomaly ? "true" : "false")},\"anomaly_kind\":\"{Anomaly.ToLabel()}\",\"episode\":{Episode},\"class_uid\":{ClassUid}}}");

    /// <summary>Reads a CSV label file written by <see cref="SyntheticOcsfGenerator.WriteJsonLines"/>.</summary>
    public static IEnumerable<SyntheticLabel> ReadCsv(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = reader.ReadLine();
        if (header != CsvHeader) throw new FormatException($"{path}: expected the header '{CsvHeader}'.");
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var f = line.Split(',');
            if (f.Length != 6) throw new FormatException($"{path}: expected 6 fields in '{line}'.");
            yield return new SyntheticLabel(long.Parse(f[0], CultureInfo.InvariantCulture), f[1], AnomalyKinds.Parse(f[3]),
                int.Parse(f[4], CultureInfo.InvariantCulture), int.Parse(f[5], CultureInfo.InvariantCulture));
        }
    }
}
