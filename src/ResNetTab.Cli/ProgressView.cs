using ResNetTab.Pipeline;
using System.Globalization;
using Spectre.Console;

namespace ResNetTab.Cli;

/// <summary>
/// Shows pipeline progress on standard error: one bar per step with its rate and remaining time on a terminal, and one
/// plain line per finished step (and per pretraining epoch, with its training and validation loss) everywhere.
/// </summary>
internal sealed class ProgressView : IProgress<PipelineProgress>
{
    private readonly ProgressContext? context;
    private readonly Dictionary<PipelineStage, ProgressTask> tasks = [];
    private readonly Lock sync = new();
    private int lastEpoch = -1;

    private ProgressView(ProgressContext? context) => this.context = context;

    /// <summary>Runs <paramref name="work"/> with a live display when standard error is a terminal.</summary>
    public static async Task<T> RunAsync<T>(Func<ProgressView, Task<T>> work)
    {
        var console = CommandRunner.Display;
        if (Console.IsErrorRedirected || !console.Profile.Capabilities.Interactive)
            return await work(new ProgressView(null)).ConfigureAwait(false);
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(ctx => work(new ProgressView(ctx))).ConfigureAwait(false);
    }

    public void Report(PipelineProgress value)
    {
        lock (sync)
        {
            if (value.Training is { } t)
            {
                if (t.Completed is { } epoch && epoch.Epoch != lastEpoch)
                {
                    lastEpoch = epoch.Epoch;
                    Line(string.Create(CultureInfo.InvariantCulture,
                        $"epoch {epoch.Epoch + 1,3}/{t.Epochs}  train loss {epoch.TrainLoss:F4}  val loss {(epoch.ValidationLoss is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "-")}  {epoch.SamplesPerSecond:N0} events/s  {epoch.Seconds:F1} s"));
                }
            }
            if (context is null)
            {
                if (value.Message is { } m) Line(m);
                return;
            }
            if (!tasks.TryGetValue(value.Stage, out var task))
            {
                task = context.AddTask(Describe(value), maxValue: Math.Max(1, value.Total ?? 1));
                tasks[value.Stage] = task;
            }
            if (value.Total is { } total) task.MaxValue = Math.Max(1, total);
            task.Value = Math.Min(value.Completed, task.MaxValue);
            task.Description = Markup.Escape(Describe(value));
            if (value.Message is { } message)
            {
                task.Value = task.MaxValue;
                task.StopTask();
                context.Refresh();
                Line(message);
            }
        }
    }

    private static string Describe(PipelineProgress p) => p.Stage switch
    {
        PipelineStage.Pretraining when p.Training is { } t => string.Create(CultureInfo.InvariantCulture,
            $"pretraining epoch {t.Epoch + 1}/{t.Epochs} loss {t.Loss:F4} ({t.SamplesPerSecond:N0} events/s)"),
        PipelineStage.Reading => string.Create(CultureInfo.InvariantCulture, $"reading ({p.Events:N0} events)"),
        PipelineStage.Scoring => string.Create(CultureInfo.InvariantCulture, $"scoring ({p.Events:N0} events)"),
        var s => s.ToString().ToLowerInvariant(),
    };

    private static void Line(string text) => CommandRunner.Display.MarkupLine(Markup.Escape(text));
}
