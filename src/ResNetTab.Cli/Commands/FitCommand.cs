using System.CommandLine;
using System.Globalization;
using ResNetTab.Data;
using ResNetTab.Pipeline;
using ResNetTab.SelfSupervised;
using Spectre.Console;

namespace ResNetTab.Cli.Commands;

/// <summary><c>resnettab fit INPUT... --output BUNDLE [--epochs N] [--seed S]</c>.</summary>
internal static class FitCommand
{
    public static Command Create()
    {
        var inputs = CommonOptions.Inputs(CommonOptions.InputHelp);
        var output = new Option<string>("--output", "-o") { Description = "The bundle to write: a folder, or a .zip file.", Required = true };
        var epochs = CommonOptions.Positive("--epochs", "Pretraining epochs (a fixed number: the same result on any machine).", 10);
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => 0 };
        var contamination = new Option<double>("--contamination") { Description = "Expected share of anomalies; sets the threshold.", DefaultValueFactory = _ => 0.02 };
        contamination.Validators.Add(r =>
        {
            if (CommonOptions.TryGet<double>(r, out var v) && !(v > 0 && v <= 0.5)) r.AddError($"--contamination must lie in (0, 0.5], got {v.ToString(CultureInfo.InvariantCulture)}.");
        });
        var entityKeys = new Option<string[]>("--entity-key") { Description = "A field identifying an entity (user, host) for time-since-last-event features; repeatable.", AllowMultipleArgumentsPerToken = false };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Pretraining checkpoint (default: BUNDLE.checkpoint.safetensors beside the bundle); a re-run resumes from it." };
        var width = CommonOptions.Positive("--width", "Embedding width d of the TabularResNet.", PretrainingOptions.Default.Width);
        var blocks = CommonOptions.Positive("--blocks", "Residual blocks of the TabularResNet.", PretrainingOptions.Default.Blocks);
        var fresh = new Option<bool>("--fresh") { Description = "Ignore an existing checkpoint and start over." };
        var verbose = CommonOptions.Verbose();
        var command = new Command("fit", "Fit a model bundle on events: feature plan, self-supervised pretraining of a TabularResNet, the default detector and its threshold. Ctrl+C stops after the current batch; running the same command again resumes.")
        {
            inputs, output, epochs, seed, contamination, entityKeys, width, blocks, checkpoint, fresh, verbose,
        };
        command.SetAction((parse, token) => CommandRunner.RunAsync(parse.GetValue(verbose), async (logger, ct) =>
        {
            var bundlePath = parse.GetValue(output)!;
            var checkpointPath = parse.GetValue(checkpoint) ?? Path.GetFullPath(bundlePath).TrimEnd(Path.DirectorySeparatorChar) + ".checkpoint.safetensors";
            if (parse.GetValue(fresh) && File.Exists(checkpointPath)) File.Delete(checkpointPath);
            if (File.Exists(checkpointPath)) CommandRunner.Display.MarkupLine($"resuming from the checkpoint [bold]{Markup.Escape(checkpointPath)}[/]");
            var keys = parse.GetValue(entityKeys) ?? [];
            var pipeline = AnomalyPipeline.Create()
                .ReadFrom(parse.GetValue(inputs)!)
                .WithPretraining(PretrainingOptions.Default with { Width = parse.GetValue(width), Blocks = parse.GetValue(blocks) })
                .WithEpochs(parse.GetValue(epochs))
                .WithSeed(parse.GetValue(seed))
                .WithContamination(parse.GetValue(contamination))
                .WithCheckpoint(checkpointPath)
                .WithLogger(logger);
            if (keys.Length > 0) pipeline = pipeline.WithFeaturePlan(new FeaturePlanOptions { EntityKeys = keys });
            using var bundle = await ProgressView.RunAsync(view => Task.Run(() => pipeline.Fit(view, ct), ct)).ConfigureAwait(false);
            PrintPlan(bundle);
            bundle.Save(bundlePath);
            File.Delete(checkpointPath);
            var m = bundle.Manifest;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fitted on {m.Training.Rows:N0} events ({m.Training.NumericalColumns} numerical + {m.Training.CategoricalColumns} categorical columns), {m.Training.History.Count} epochs in {m.Training.Seconds:F1} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threshold {m.Threshold.Value:G6}: {m.Threshold.Method}"));
            Console.WriteLine($"bundle written to {bundlePath}");
            return CliApplication.Success;
        }, token));
        return command;
    }

    /// <summary>The inferred feature plan: every field with its kind, missing rate, cardinality and encoding (or why it was dropped).</summary>
    private static void PrintPlan(AnomalyBundle bundle) => Console.Error.Write(bundle.FeaturePlan.ToReport());
}
