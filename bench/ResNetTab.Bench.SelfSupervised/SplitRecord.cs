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
        File.WriteAllText(Path.Combine(folder, $"{Source}-{Set}-{Protocol}-seed{Seed}.json"), JsonSerializer.Serialize(this));
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
                records.Add(r);
            }
        }
        return records;
    }
}
