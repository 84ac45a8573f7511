using System.Text.Json;
using ResNetTab.Data;
using ResNetTab.Synthetic;

namespace ResNetTab.Data.Tests;

/// <summary>One generated data set shared by the synthetic-generator tests (generated once: keeps them fast).</summary>
public sealed class SyntheticGeneratorFixture
{
    public SyntheticGeneratorFixture()
    {
        Generator = new SyntheticOcsfGenerator(Options);
        Events = [.. Generator.Generate()];
        var flattener = new JsonFlattener();
        Flat = [.. Events.Select(e => e.Flatten(flattener))];
        Users = Generator.Users().ToDictionary(u => u.Name, StringComparer.Ordinal);
    }

    public static SyntheticOptions Options { get; } = new() { Seed = 7, EventCount = 20_000, AnomalyRate = 0.02, EventsPerDay = 2_500 };

    public SyntheticOcsfGenerator Generator { get; }

    public List<SyntheticEvent> Events { get; }

    public List<FlatRecord> Flat { get; }

    public Dictionary<string, SyntheticUser> Users { get; }

    public string? Text(int i, string path) => Flat[i][path] is { } v ? v.ToCategory() : null;

    public double Number(int i, string path) => Flat[i][path]?.Number ?? double.NaN;

    public IEnumerable<int> Normal => Enumerable.Range(0, Events.Count).Where(i => !Events[i].IsAnomaly);

    public IEnumerable<int> Of(AnomalyKind kind) => Enumerable.Range(0, Events.Count).Where(i => Events[i].Anomaly == kind);

    public static JsonElement Root(SyntheticEvent e) => JsonDocument.Parse(e.Utf8Json).RootElement;
}
