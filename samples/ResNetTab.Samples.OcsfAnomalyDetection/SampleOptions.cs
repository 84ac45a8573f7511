using System.Globalization;

namespace ResNetTab.Samples.OcsfAnomalyDetection;

/// <summary>Command-line options of the sample.</summary>
internal sealed record SampleOptions(string? EventsPath, string? LabelsPath, int Count, int Seed, string OutputDirectory, double? PretrainSeconds)
{
    public static SampleOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            if (i < 0) return null;
            if (i + 1 >= args.Length) throw new ArgumentException($"option {name} needs a value");
            return args[i + 1];
        }

        var events = Value("--events");
        if (events is not null && !File.Exists(events)) throw new FileNotFoundException($"--events: no such file '{events}'", events);
        var labels = Value("--labels");
        if (labels is not null && !File.Exists(labels)) throw new FileNotFoundException($"--labels: no such file '{labels}'", labels);
        var count = int.Parse(Value("--count") ?? "20000", CultureInfo.InvariantCulture);
        var seed = int.Parse(Value("--seed") ?? "7", CultureInfo.InvariantCulture);
        var output = Value("--out") ?? Path.Combine(Path.GetTempPath(), "resnettab-ocsf-sample");
        double? seconds = Value("--pretrain-seconds") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : null;
        if (seconds is { } limit && !(limit > 0)) throw new ArgumentException($"--pretrain-seconds must be positive, got {limit}");
        return new SampleOptions(events, labels, count, seed, output, seconds);
    }
}
