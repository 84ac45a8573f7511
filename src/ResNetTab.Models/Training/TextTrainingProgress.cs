using System.Globalization;

namespace ResNetTab.Models.Training;

/// <summary>
/// Writes a <see cref="ClassificationTrainer"/>'s progress to a text writer: on a terminal a status line
/// rewritten in place while an epoch runs, and one summary line per completed epoch; when the output is
/// redirected (logs, CI), only the summary lines.
/// </summary>
public sealed class TextTrainingProgress : IProgress<TrainingProgress>
{
    private readonly TextWriter writer;
    private readonly bool live;
    private int statusLength;

    /// <summary>Creates a reporter.</summary>
    /// <param name="writer">Where to write (e.g. <see cref="Console.Out"/>).</param>
    /// <param name="live">Rewrite a status line during each epoch; by default only when <paramref name="writer"/>
    /// is the console's output and that is not redirected.</param>
    public TextTrainingProgress(TextWriter writer, bool? live = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        this.writer = writer;
        this.live = live ?? (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected);
    }

    /// <inheritdoc/>
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Completed is { } m)
        {
            ClearStatus();
            writer.WriteLine(FormatEpoch(m, value.Epochs));
            writer.Flush();
            return;
        }
        if (!live) return;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"epoch {value.Epoch + 1}/{value.Epochs}  batch {value.Batch}/{value.Batches}  loss {value.Loss:F4}{Metrics(value.Metrics, "", "P1")}  lr {value.LearningRate:G4}  {value.SamplesPerSecond:F0} samples/s");
        writer.Write('\r' + line.PadRight(statusLength));
        statusLength = line.Length;
        writer.Flush();
    }

    /// <summary>The summary line of one epoch.</summary>
    public static string FormatEpoch(EpochMetrics m, int epochs)
    {
        ArgumentNullException.ThrowIfNull(m);
        var validation = m.ValidationLoss is { } vl
            ? string.Create(CultureInfo.InvariantCulture, $"  val loss {vl:F4}{Metrics(m.ValidationMetrics, "val ", "P2")}")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {m.Epoch + 1,3}/{epochs}  lr {m.LearningRate:F5}  loss {m.TrainLoss:F4}{Metrics(m.TrainMetrics, "", "P2")}{validation}  {m.Seconds:F1} s  {m.SamplesPerSecond:F0} samples/s");
    }

    /// <summary>"  acc 93.70 %" for accuracy (as a percentage), "  name 0.1234" for other metrics.</summary>
    private static string Metrics(IReadOnlyDictionary<string, double>? metrics, string prefix, string percentFormat)
    {
        if (metrics is null) return "";
        var text = new System.Text.StringBuilder();
        foreach (var (name, value) in metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append(name == "accuracy"
                ? string.Create(CultureInfo.InvariantCulture, $"  {prefix}acc {value.ToString(percentFormat, CultureInfo.InvariantCulture)}")
                : string.Create(CultureInfo.InvariantCulture, $"  {prefix}{name} {value:F4}"));
        return text.ToString();
    }

    private void ClearStatus()
    {
        if (statusLength == 0) return;
        writer.Write('\r' + new string(' ', statusLength) + '\r');
        statusLength = 0;
    }
}
