using System.CommandLine;
using ResNetTab.Cli.Evaluation;
using ResNetTab.Cli.Output;
using ResNetTab.Cli.Reports;
using ResNetTab.Pipeline;

namespace ResNetTab.Cli.Commands;

/// <summary><c>resnettab report BUNDLE SCORES --output FILE.html [--labels FILE]</c>.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var bundle = CommonOptions.Bundle();
        var scores = new Argument<string>("SCORES") { Description = "A scores file written by 'resnettab score' with this bundle." };
        var output = new Option<string>("--output", "-o") { Description = "The HTML file to write (self-contained: viewable offline).", Required = true };
        var labels = new Option<string?>("--labels", "-l") { Description = "Ground truth (as for 'evaluate'): adds ROC and precision-recall curves, quality tables and labels on the map." };
        var top = CommonOptions.Positive("--top", "Events listed in the top-anomalies table.", 25);
        var verbose = CommonOptions.Verbose();
        var command = new Command("report", "Write one self-contained HTML report: score distributions, ROC and precision-recall curves, pretraining losses, a 2-D map of the embeddings coloured by score and label, anomaly clusters, the top anomalies with their fields and locations, and the inferred feature plan.")
        {
            bundle, scores, output, labels, top, verbose,
        };
        command.SetAction((parse, token) => CommandRunner.RunAsync(parse.GetValue(verbose), async (logger, ct) =>
        {
            var bundlePath = parse.GetValue(bundle)!;
            using var model = AnomalyBundle.Load(bundlePath);
            var scoresPath = parse.GetValue(scores)!;
            var rows = await ScoreFile.ReadAsync(scoresPath, ct).ConfigureAwait(false);
            int[]? truth = null;
            string[]? kinds = null;
            if (parse.GetValue(labels) is { } labelPath) (truth, kinds) = LabelFile.Read(labelPath).Align(rows, labelPath);
            var html = HtmlReport.Render(model, Path.GetFileName(Path.GetFullPath(bundlePath).TrimEnd('/')), rows, truth, kinds, parse.GetValue(top));
            var path = Path.GetFullPath(parse.GetValue(output)!);
            await File.WriteAllTextAsync(path, html, ct).ConfigureAwait(false);
            Console.WriteLine($"report written to {path}");
            return CliApplication.Success;
        }, token));
        return command;
    }
}
