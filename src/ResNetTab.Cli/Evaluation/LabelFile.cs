using System.Globalization;
using System.Text.Json;
using ResNetTab.Cli.Output;

namespace ResNetTab.Cli.Evaluation;

/// <summary>
/// Ground truth per event: a CSV file with a header holding <c>is_anomaly</c> (0/1 or true/false) and optionally
/// <c>index</c> (0-based record index in the events file) and <c>anomaly_kind</c> — the form <c>resnettab generate</c>
/// writes — or JSON Lines with the same fields.
/// </summary>
internal sealed record LabelFile(IReadOnlyList<long>? Index, IReadOnlyList<int> IsAnomaly, IReadOnlyList<string> Kind)
{
    public static LabelFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No label file '{path}'.", path);
        return path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? ReadJsonLines(path) : ReadCsv(path);
    }

    private static LabelFile ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? throw new InvalidDataException($"{path}: the label file is empty.")).Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        var anomaly = Column("is_anomaly");
        if (anomaly < 0) throw new InvalidDataException($"{path}:1: the header has no 'is_anomaly' column (got '{string.Join(',', header)}').");
        var index = Column("index");
        var kind = Column("anomaly_kind");
        var indices = new List<long>();
        var labels = new List<int>();
        var kinds = new List<string>();
        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0) continue;
            var f = line.Split(',');
            if (f.Length < header.Length) throw new InvalidDataException($"{path}:{number}: expected {header.Length} fields, got {f.Length}.");
            labels.Add(Flag(f[anomaly], path, number));
            if (index >= 0)
                indices.Add(long.TryParse(f[index], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i
                    : throw new InvalidDataException($"{path}:{number}: 'index' is not a whole number: '{f[index]}'."));
            kinds.Add(kind >= 0 ? f[kind] : labels[^1] == 1 ? "anomaly" : "none");
        }
        return new LabelFile(index >= 0 ? indices : null, labels, kinds);
    }

    private static LabelFile ReadJsonLines(string path)
    {
        var indices = new List<long>();
        var labels = new List<int>();
        var kinds = new List<string>();
        var hasIndex = true;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var o = doc.RootElement;
                var a = o.GetProperty("is_anomaly");
                labels.Add(a.ValueKind switch { JsonValueKind.True => 1, JsonValueKind.False => 0, _ => a.GetInt32() == 0 ? 0 : 1 });
                if (o.TryGetProperty("index", out var i)) indices.Add(i.GetInt64());
                else hasIndex = false;
                kinds.Add(o.TryGetProperty("anomaly_kind", out var k) ? k.GetString() ?? "" : labels[^1] == 1 ? "anomaly" : "none");
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{path}:{number}: not a label line ({e.Message}).", e);
            }
        }
        return new LabelFile(hasIndex ? indices : null, labels, kinds);
    }

    private static int Flag(string value, string path, int line) => value.Trim() switch
    {
        "1" or "true" or "True" => 1,
        "0" or "false" or "False" => 0,
        var v => throw new InvalidDataException($"{path}:{line}: 'is_anomaly' must be 0/1 or true/false, got '{v}'."),
    };

    /// <summary>The label of every scored event: by record index when the file has one (one scored source), else by order.</summary>
    public (int[] IsAnomaly, string[] Kind) Align(IReadOnlyList<ScoreRow> scores, string labelsPath)
    {
        var isAnomaly = new int[scores.Count];
        var kind = new string[scores.Count];
        if (Index is not null)
        {
            var sources = scores.Select(s => s.Source).Distinct(StringComparer.Ordinal).Count();
            if (sources > 1)
                throw new InvalidDataException($"The scores come from {sources} files but {labelsPath} indexes the events of one file; evaluate each file's scores separately.");
            var byIndex = new Dictionary<long, int>();
            for (var i = 0; i < Index.Count; i++) byIndex[Index[i]] = i;
            for (var r = 0; r < scores.Count; r++)
            {
                if (!byIndex.TryGetValue(scores[r].Record, out var i))
                    throw new InvalidDataException($"{labelsPath} has no label for record {scores[r].Record} ({scores[r].Source}:{scores[r].Line}).");
                isAnomaly[r] = IsAnomaly[i];
                kind[r] = Kind[i];
            }
            return (isAnomaly, kind);
        }
        if (IsAnomaly.Count != scores.Count)
            throw new InvalidDataException($"{labelsPath} has {IsAnomaly.Count} labels but the scores file has {scores.Count} events (without an 'index' column they are matched by order).");
        for (var r = 0; r < scores.Count; r++)
        {
            isAnomaly[r] = IsAnomaly[r];
            kind[r] = Kind[r];
        }
        return (isAnomaly, kind);
    }
}
