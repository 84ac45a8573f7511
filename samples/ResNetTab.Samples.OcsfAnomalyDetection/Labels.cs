using System.Globalization;

namespace ResNetTab.Samples.OcsfAnomalyDetection;

/// <summary>Ground truth from a label file: one row per event (index,uid,is_anomaly,anomaly_kind).</summary>
internal sealed record Labels(int[] IsAnomaly, string[] Kind)
{
    public static Labels Read(string path)
    {
        var isAnomaly = new List<int>();
        var kinds = new List<string>();
        foreach (var (line, number) in File.ReadLines(path).Select((l, i) => (l, i + 1)).Skip(1))
        {
            if (line.Length == 0) continue;
            var parts = line.Split(',');
            if (parts.Length < 4)
                throw new FormatException($"{path}:{number}: expected index,uid,is_anomaly,anomaly_kind, got '{line}'");
            isAnomaly.Add(parts[2].Trim() is "1" or "true" or "True" ? 1 : 0);
            kinds.Add(parts[3].Trim());
        }
        return new Labels(isAnomaly.ToArray(), kinds.ToArray());
    }

    public Labels Slice(int start, int count) => new(IsAnomaly[start..(start + count)], Kind[start..(start + count)]);

    public int Count => IsAnomaly.Length;

    public string Rate => (IsAnomaly.Average() * 100).ToString("F1", CultureInfo.InvariantCulture) + " %";
}
