using System.CommandLine;
using ResNetTab.Data;

namespace ResNetTab.Samples.OcsfAnomalyDetection;

/// <summary>Command-line options of the sample.</summary>
internal sealed record SampleOptions(string? EventsPath, string? LabelsPath, int Count, int Seed, string OutputDirectory, double? PretrainSeconds)
{
    /// <summary>Parses the command line; returns the exit code when the sample should not run (help shown or a wrong command line).</summary>
    public static int? Parse(string[] args, out SampleOptions options)
    {
        var events = new Option<string?>("--events")
        {
            Description = "OCSF events to read instead of generating them: JSON, JSON Lines, CSV or Parquet (optionally .gz); a file, a folder (every file below it) or a glob (logs/**/*.json.gz)",
            HelpName = "file|folder|glob",
        };
        events.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is not { } path) return;
            try
            {
                InputFiles.Expand(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                r.AddError($"--events: {e.Message}");
            }
        });
        var labels = new Option<string?>("--labels")
        {
            Description = "ground truth for --events, one row per event: index,uid,is_anomaly,anomaly_kind",
            HelpName = "labels.csv",
        };
        labels.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } path && !File.Exists(path)) r.AddError($"--labels: no such file '{path}'");
        });
        var count = new Option<int>("--count") { Description = "synthetic events to generate", HelpName = "N", DefaultValueFactory = _ => 20_000 }.Positive();
        var seed = new Option<int>("--seed") { Description = "seed of the synthetic events, the pretraining and the scorers", HelpName = "N", DefaultValueFactory = _ => 7 };
        var output = new Option<string>("--out")
        {
            Description = "folder of the generated events and the saved artefacts",
            HelpName = "folder",
            DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "resnettab-ocsf-sample"),
        };
        var seconds = new Option<double?>("--pretrain-seconds")
        {
            Description = "time budget of the self-supervised pretraining; none by default (the recipe's fixed epochs decide, so results do not depend on the machine)",
            HelpName = "S",
        }.Positive();

        var command = new RootCommand("""
            The end-to-end OCSF pipeline: generates N synthetic events with labelled injected anomalies, or reads
            --events, fits and saves the feature preprocessor on the first half, pretrains the TabularResNet
            self-supervised there, anomalies included (the recipe's fixed epochs; at most S seconds if given), fits the
            library's default detector, scores the second half against the raw baselines, prints the comparison and the
            top events with the fields that explain them, and checks that the saved preprocessor and detector reload to
            identical scores.
            """)
        {
            events, labels, count, seed, output, seconds,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(labels) is not null && r.GetValue(events) is null) r.AddError("--labels describes --events: give both, or neither for synthetic events");
        });

        options = new SampleOptions(null, null, 0, 0, "", null);
        if (SampleCommandLine.Parse(command, args, out var result) is { } exit) return exit;
        options = new SampleOptions(result.GetValue(events), result.GetValue(labels), result.GetValue(count), result.GetValue(seed),
            result.GetValue(output)!, result.GetValue(seconds));
        return null;
    }
}
