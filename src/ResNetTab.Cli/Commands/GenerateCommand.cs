using System.CommandLine;
using ResNetTab.Synthetic;

namespace ResNetTab.Cli.Commands;

/// <summary><c>resnettab generate --output events.jsonl --labels labels.csv [--count N] [--seed S]</c>.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Events file (JSON Lines; gzip when it ends in .gz).", Required = true };
        var labels = new Option<string?>("--labels", "-l") { Description = "Ground-truth file (CSV: index,uid,is_anomaly,anomaly_kind,episode,class_uid)." };
        var count = CommonOptions.Positive("--count", "Events to generate.", 20_000);
        var seed = new Option<ulong>("--seed") { Description = "Seed (the same seed gives the same events, byte for byte).", DefaultValueFactory = _ => 7 };
        var rate = new Option<double>("--anomaly-rate") { Description = "Share of injected anomalies, in [0, 0.5].", DefaultValueFactory = _ => 0.02 };
        rate.Validators.Add(r =>
        {
            if (CommonOptions.TryGet<double>(r, out var v) && !(v >= 0 && v <= 0.5)) r.AddError($"--anomaly-rate must lie in [0, 0.5], got {v}.");
        });
        var verbose = CommonOptions.Verbose();
        var command = new Command("generate", "Write reproducible synthetic OCSF events (authentication, network, DNS, process, file, API activity) with labelled injected anomalies.")
        {
            output, labels, count, seed, rate, verbose,
        };
        command.SetAction((parse, token) => CommandRunner.RunAsync(parse.GetValue(verbose), (logger, ct) =>
        {
            var generator = new SyntheticOcsfGenerator(new SyntheticOptions
            {
                Seed = parse.GetValue(seed),
                EventCount = parse.GetValue(count),
                AnomalyRate = parse.GetValue(rate),
            });
            var summary = generator.WriteJsonLines(parse.GetValue(output)!, parse.GetValue(labels));
            Console.WriteLine($"generated {summary}");
            return Task.FromResult(CliApplication.Success);
        }, token));
        return command;
    }
}
