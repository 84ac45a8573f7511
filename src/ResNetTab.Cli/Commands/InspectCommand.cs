using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ResNetTab.Pipeline;
using Spectre.Console;

namespace ResNetTab.Cli.Commands;

/// <summary><c>resnettab inspect BUNDLE [--json]</c>.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var bundle = CommonOptions.Bundle();
        var json = new Option<bool>("--json") { Description = "Print the manifest as JSON." };
        var verbose = CommonOptions.Verbose();
        var command = new Command("inspect", "Verify a bundle (checksums, parts that belong together) and show its manifest: versions, input fingerprint, training summary, threshold, parts.")
        {
            bundle, json, verbose,
        };
        command.SetAction((parse, token) => CommandRunner.RunAsync(parse.GetValue(verbose), (logger, ct) =>
        {
            var m = AnomalyBundle.ReadManifest(parse.GetValue(bundle)!);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(m, CliApplication.Json));
                return Task.FromResult(CliApplication.Success);
            }
            var t = new Table().Title("bundle " + Markup.Escape(parse.GetValue(bundle)!)).AddColumns("", "");
            t.AddRow("format", $"{m.Format} v{m.FormatVersion}, ResNetTab {Markup.Escape(m.LibraryVersion)}");
            t.AddRow("input", Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{m.Input.Events:N0} events from {m.Input.Files.Count} files, fingerprint {m.Input.Fingerprint[..16]}…")));
            t.AddRow("features", string.Create(CultureInfo.InvariantCulture, $"{m.Training.NumericalColumns} numerical + {m.Training.CategoricalColumns} categorical, layout {m.FeatureLayout[..16]}…"));
            t.AddRow("pretraining", Markup.Escape(m.Training.Recipe));
            t.AddRow("epochs", string.Join("  ", m.Training.History.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Epoch + 1}: {h.TrainLoss:F4}/{h.ValidationLoss:F4}"))));
            t.AddRow("detector", Markup.Escape(m.Detector));
            t.AddRow("threshold", Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{m.Threshold.Value:G6} — {m.Threshold.Method}")));
            foreach (var p in m.Parts) t.AddRow("part " + Markup.Escape(p.Name), Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{p.Path}  {p.Bytes:N0} bytes  sha256 {p.Sha256[..16]}…")));
            AnsiConsole.Write(t);
            return Task.FromResult(CliApplication.Success);
        }, token));
        return command;
    }
}
