using ResNetTab.Pipeline;
using ScottPlot;

namespace ResNetTab.Cli.Reports;

/// <summary>The report's charts, drawn with ScottPlot and rendered to SVG (inline in the page, no script or network needed).</summary>
internal static class Charts
{
    private const int Width = 640;
    private const int Height = 420;
    private static readonly Color Normal = Color.FromHex("#1f77b4");
    private static readonly Color Anomalous = Color.FromHex("#d62728");

    /// <summary>Score histograms (share of each group per bin) of the normal and the anomalous events.</summary>
    public static string ScoreDistribution(double[] scores, int[] group, string[] names, double threshold)
    {
        var plot = new Plot();
        var min = scores.Min();
        var max = scores.Max();
        const int bins = 40;
        var width = max > min ? (max - min) / bins : 1;
        for (var g = 0; g < names.Length; g++)
        {
            var selected = scores.Where((_, i) => group[i] == g).ToArray();
            if (selected.Length == 0) continue;
            var xs = new double[bins];
            var ys = new double[bins];
            foreach (var s in selected) ys[Math.Min(bins - 1, (int)((s - min) / width))] += 1.0 / selected.Length;
            for (var b = 0; b < bins; b++) xs[b] = min + ((b + 0.5) * width);
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = $"{names[g]} ({selected.Length:N0})";
            line.Color = g == 0 ? Normal : Anomalous;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.ConnectStyle = ConnectStyle.StepHorizontal;
        }
        var t = plot.Add.VerticalLine(threshold);
        t.LegendText = "threshold";
        t.Color = Colors.Black;
        t.LinePattern = LinePattern.Dashed;
        plot.Title("Score distribution by label");
        plot.XLabel("anomaly score");
        plot.YLabel("share of the group's events");
        plot.ShowLegend(Alignment.UpperCenter);
        return plot.GetSvgXml(Width, Height);
    }

    /// <summary>A curve (ROC or precision–recall) with its area in the legend.</summary>
    public static string Curve(string title, string xLabel, string yLabel, double[] xs, double[] ys, string legend, bool diagonal)
    {
        var plot = new Plot();
        if (diagonal)
        {
            var d = plot.Add.Scatter(new double[] { 0, 1 }, new double[] { 0, 1 });
            d.Color = Colors.Gray;
            d.LinePattern = LinePattern.Dotted;
            d.MarkerSize = 0;
            d.LegendText = "chance";
        }
        var curve = plot.Add.Scatter(xs, ys);
        curve.Color = Anomalous;
        curve.MarkerSize = 0;
        curve.LineWidth = 2;
        curve.LegendText = legend;
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetSvgXml(Width, Height);
    }

    /// <summary>Training and validation loss per pretraining epoch.</summary>
    public static string Losses(IReadOnlyList<EpochSummary> history)
    {
        var plot = new Plot();
        var epochs = history.Select(h => (double)(h.Epoch + 1)).ToArray();
        var train = plot.Add.Scatter(epochs, history.Select(h => h.TrainLoss).ToArray());
        train.LegendText = "training loss";
        train.Color = Normal;
        train.LineWidth = 2;
        var withValidation = history.Where(h => h.ValidationLoss is not null).ToArray();
        if (withValidation.Length > 0)
        {
            var validation = plot.Add.Scatter(withValidation.Select(h => (double)(h.Epoch + 1)).ToArray(), withValidation.Select(h => h.ValidationLoss!.Value).ToArray());
            validation.LegendText = "validation loss";
            validation.Color = Anomalous;
            validation.LineWidth = 2;
        }
        plot.Title("Self-supervised pretraining");
        plot.XLabel("epoch");
        plot.YLabel("loss (masked features + contrastive)");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetSvgXml(Width, Height);
    }

    /// <summary>The 2-D map of the embeddings, one colour per group (groups drawn in order, the last on top).</summary>
    public static string Map(string title, float[] xs, float[] ys, int[] group, string[] names, Color[] colors)
    {
        var plot = new Plot();
        for (var g = 0; g < names.Length; g++)
        {
            var idx = Enumerable.Range(0, xs.Length).Where(i => group[i] == g).ToArray();
            if (idx.Length == 0) continue;
            var points = plot.Add.ScatterPoints(idx.Select(i => (double)xs[i]).ToArray(), idx.Select(i => (double)ys[i]).ToArray());
            points.Color = colors[g].WithAlpha(g == 0 ? 0.35 : 0.9);
            points.MarkerSize = g == 0 ? 3 : 5;
            points.LegendText = $"{names[g]} ({idx.Length:N0})";
        }
        plot.Title(title);
        plot.XLabel("principal component 1");
        plot.YLabel("principal component 2");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetSvgXml(Width, Height);
    }

    /// <summary>Colours from low to high score.</summary>
    public static Color[] ScoreColors(int count)
    {
        var map = new ScottPlot.Colormaps.Viridis();
        return [.. Enumerable.Range(0, count).Select(i => map.GetColor(count == 1 ? 1 : i / (double)(count - 1)))];
    }

    public static Color[] LabelColors => [Normal, Color.FromHex("#ff7f0e"), Anomalous];
}
