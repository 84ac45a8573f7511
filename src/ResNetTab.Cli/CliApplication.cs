using System.CommandLine;
using ResNetTab.Cli.Commands;

namespace ResNetTab.Cli;

/// <summary>Builds the command tree and runs it.</summary>
internal static class CliApplication
{
    public const int Success = 0;
    public const int UsageError = 1;
    public const int InputError = 2;
    public const int Interrupted = 130;

    /// <summary>How the tool writes JSON documents.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("""
            resnettab: self-supervised anomaly detection on OCSF events with a pretrained TabularResNet.
              resnettab generate --output events.jsonl --labels labels.csv
              resnettab fit events.jsonl --output model.bundle
              resnettab score model.bundle events.jsonl --output scores.jsonl
              resnettab evaluate scores.jsonl --labels labels.csv
              resnettab report model.bundle scores.jsonl --labels labels.csv --output report.html
            """);
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(FitCommand.Create());
        root.Subcommands.Add(ScoreCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(EmbedCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build().Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }
}
