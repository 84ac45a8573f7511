using ResNetTab.Synthetic;

namespace ResNetTab.Samples.OcsfAnomalyDetection;

/// <summary>Creates the sample's synthetic OCSF events (with labelled injected anomalies) once per seed and size.</summary>
internal static class SyntheticData
{
    public static (string events, string labels) Generate(string directory, int count, int seed)
    {
        var events = Path.Combine(directory, $"synthetic_{count}_{seed}.jsonl");
        var labels = Path.Combine(directory, $"synthetic_{count}_{seed}.labels.csv");
        if (File.Exists(events) && File.Exists(labels)) return (events, labels);
        var generator = new SyntheticOcsfGenerator(new SyntheticOptions { Seed = (ulong)seed, EventCount = count, AnomalyRate = 0.02 });
        var summary = generator.WriteJsonLines(events, labels);
        Console.WriteLine($"generated synthetic OCSF events: {summary}");
        return (events, labels);
    }
}
