using System.Text.Json;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>
/// One split's labels and every detector's training and test scores, dumped by the quality benchmark (<c>--dump DIR</c>)
/// so that ensembles and selection procedures are evaluated offline on exactly the same scores.
/// </summary>
internal sealed record SplitRecord(string Source, string Set, string Protocol, int Seed, int[] Labels, string[]? Kinds,
    Dictionary<string, double[]> Test, Dictionary<string, double[]> Training, Dictionary<string, double> Seconds)
{
    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this));
    }

    public string FileName => $"{Source}-{Set}-{Protocol}-seed{Seed}.json";

    /// <summary>Adds detectors' scores to the dump of the same split in <paramref name="folder"/> (which must exist).</summary>
    public static void Merge(string folder, string source, string set, string protocol, int seed, SplitScores extra)
    {
        var path = Path.Combine(folder, $"{source}-{set}-{protocol}-seed{seed}.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"--add needs the dump of this split first: {path}", path);
        var r = JsonSerializer.Deserialize<SplitRecord>(File.ReadAllText(path)) ?? throw new InvalidDataException($"'{path}' is not a split dump.");
        foreach (var (k, v) in extra.Test)
        {
            if (v.Length != r.Labels.Length) throw new InvalidDataException($"'{path}': {k} scored {v.Length} rows, the dump has {r.Labels.Length} labels (another split?)");
            r.Test[k] = v;
            r.Training[k] = extra.Training[k];
        }
        foreach (var (k, v) in extra.Seconds) r.Seconds[k] = v;
        r.Write(folder);
    }

    public static List<SplitRecord> ReadAll(IEnumerable<string> folders)
    {
        var records = new List<SplitRecord>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"no dump folder '{folder}'");
            foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                SplitRecord? r;
                try
                {
                    r = JsonSerializer.Deserialize<SplitRecord>(File.ReadAllText(file));
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException($"'{file}' is not a split dump: {e.Message}", e);
                }
                if (r is null || r.Labels is null || r.Test is null || r.Training is null)
                    throw new InvalidDataException($"'{file}' is not a split dump (labels, test or training scores missing).");
                foreach (var (name, s) in r.Test)
                    if (s.Length != r.Labels.Length)
                        throw new InvalidDataException($"'{file}': detector '{name}' has {s.Length} test scores for {r.Labels.Length} labels.");
                // The same split dumped by runs of different recipes (--tag): one record with every detector.
                if (records.FirstOrDefault(o => o.FileName == r.FileName) is { } same)
                {
                    if (!same.Labels.SequenceEqual(r.Labels)) throw new InvalidDataException($"'{file}' has other labels than the same split in another folder.");
                    foreach (var (k, v) in r.Test) same.Test.TryAdd(k, v);
                    foreach (var (k, v) in r.Training) same.Training.TryAdd(k, v);
                    foreach (var (k, v) in r.Seconds) same.Seconds.TryAdd(k, v);
                }
                else records.Add(r);
            }
        }
        return records;
    }
}
