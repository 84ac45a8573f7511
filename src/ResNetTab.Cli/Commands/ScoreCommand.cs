using System.CommandLine;
using System.Globalization;
using ResNetTab.Cli.Output;
using ResNetTab.Pipeline;

namespace ResNetTab.Cli.Commands;

/// <summary><c>resnettab score BUNDLE INPUT... --output FILE</c>.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var bundle = CommonOptions.Bundle();
        var inputs = CommonOptions.Inputs(CommonOptions.InputHelp);
        var output = new Option<string>("--output", "-o") { Description = "Scores file: .jsonl, .csv or .parquet (one line per event: source, line, record, score, label, top_fields, map_x, map_y).", Required = true };
        output.Validators.Add(r =>
        {
            if (CommonOptions.TryGet<string>(r, out var path) && path is not null && Path.GetExtension(path).ToLowerInvariant() is not (".jsonl" or ".json" or ".ndjson" or ".csv" or ".parquet"))
                r.AddError($"--output must end in .jsonl, .csv or .parquet, got '{path}'.");
        });
        var batch = CommonOptions.Positive("--batch-size", "Events per batch (memory stays flat whatever the input size).", 4096);
        var top = new Option<int>("--top-fields") { Description = "Contributing OCSF fields reported per event.", DefaultValueFactory = _ => 3 };
        var shard = new Option<string?>("--shard")
        {
            Description = "Score only shard i of n (i/n, 0-based) of the sorted input files, e.g. one task of a Kubernetes Job array; the shards' outputs concatenated in order equal one run.",
        };
        shard.Validators.Add(r =>
        {
            try
            {
                if (CommonOptions.TryGet<string?>(r, out var s) && s is not null) Shard.Parse(s);
            }
            catch (FormatException e)
            {
                r.AddError("--shard: " + e.Message);
            }
        });
        var verbose = CommonOptions.Verbose();
        var command = new Command("score", "Score events with a bundle: per event its score, its label at the bundle's threshold, its source location and the OCSF fields that contributed most.")
        {
            bundle, inputs, output, batch, top, shard, verbose,
        };
        command.SetAction((parse, token) => CommandRunner.RunAsync(parse.GetValue(verbose), async (logger, ct) =>
        {
            var path = parse.GetValue(output)!;
            using var model = AnomalyBundle.Load(parse.GetValue(bundle)!);
            var options = new ScoringOptions
            {
                BatchSize = parse.GetValue(batch),
                TopFields = parse.GetValue(top),
                Shard = parse.GetValue(shard) is { } s ? Shard.Parse(s) : null,
            };
            long anomalies = 0;
            var count = await ProgressView.RunAsync(view => Task.Run(() => ScoreFile.WriteAsync(path,
                model.Score(parse.GetValue(inputs)!, options, view, ct).Select(e =>
                {
                    if (e.IsAnomaly) anomalies++;
                    return ScoreRow.From(e);
                }), ct), ct)).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"scored {count:N0} events: {anomalies:N0} above the threshold {model.Threshold:G6} -> {path}"));
            return CliApplication.Success;
        }, token));
        return command;
    }
}
