using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ResNetTab.Cli.Evaluation;
using ResNetTab.Cli.Output;
using Spectre.Console;

namespace ResNetTab.Cli.Commands;

/// <summary><c>resnettab evaluate SCORES --labels FILE</c>.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var scores = new Argument<string>("SCORES") { Description = "A scores file written by 'resnettab score' (.jsonl, .csv or .parquet)." };
        var labels = new Option<string>("--labels", "-l") { Description = "Ground truth: CSV with is_anomaly (and index, anomaly_kind), as 'resnettab generate' writes, or JSON Lines.", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Also write the metrics as JSON to this file." };
        var verbose = CommonOptions.Verbose();
        var command = new Command("evaluate", "Measure scores against labels: ROC-AUC, average precision, precision/recall/F1 at the bundle's threshold, precision@k (k = number of anomalies), and the same per anomaly kind.")
        {
            scores, labels, output, verbose,
        };
        command.SetAction((parse, token) => CommandRunner.RunAsync(parse.GetValue(verbose), async (logger, ct) =>
        {
            var rows = await ScoreFile.ReadAsync(parse.GetValue(scores)!, ct).ConfigureAwait(false);
            var labelPath = parse.GetValue(labels)!;
            var (truth, kinds) = LabelFile.Read(labelPath).Align(rows, labelPath);
            var e = Evaluation.Evaluation.Compute(rows, truth, kinds);
            Print(e);
            if (parse.GetValue(output) is { } json)
                await File.WriteAllTextAsync(json, JsonSerializer.Serialize(e, CliApplication.Json), ct).ConfigureAwait(false);
            return CliApplication.Success;
        }, token));
        return command;
    }

    private static void Print(Evaluation.Evaluation e)
    {
        static string F(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
        var console = AnsiConsole.Console;
        var table = new Table().Title(string.Create(CultureInfo.InvariantCulture, $"{e.Events:N0} events, {e.Anomalies:N0} labelled anomalies"))
            .AddColumns("metric", "value");
        table.AddRow("ROC-AUC", F(e.RocAuc));
        table.AddRow("average precision", F(e.AveragePrecision));
        table.AddRow("precision at the threshold", F(e.AtThreshold.Precision));
        table.AddRow("recall at the threshold", F(e.AtThreshold.Recall));
        table.AddRow("F1 at the threshold", F(e.AtThreshold.F1));
        table.AddRow(string.Create(CultureInfo.InvariantCulture, $"precision@k (k = {e.K})"), F(e.PrecisionAtK));
        console.Write(table);
        var kinds = new Table().Title("per anomaly kind (against the normal events)").AddColumns("kind", "events", "ROC-AUC", "AP", "recall at the threshold");
        foreach (var k in e.Kinds) kinds.AddRow(Markup.Escape(k.Kind), k.Count.ToString(CultureInfo.InvariantCulture), F(k.RocAuc), F(k.AveragePrecision), F(k.RecallAtThreshold));
        console.Write(kinds);
    }
}
