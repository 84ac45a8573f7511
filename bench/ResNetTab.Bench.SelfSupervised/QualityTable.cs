using ResNetTab.Anomaly;
using System.Globalization;
using ResNetTab.Anomaly.Evaluation;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>ROC-AUC and AP per set and detector, averaged over seeds, and the mean over sets.</summary>
internal sealed class QualityTable
{
    private readonly Dictionary<(string Set, string Detector), List<(double Auc, double Ap)>> results = [];
    private readonly List<string> sets = [];
    private readonly List<string> detectors = [];

    public void Add(string set, int[] labels, Dictionary<string, double[]> scores)
    {
        if (!sets.Contains(set)) sets.Add(set);
        foreach (var (detector, s) in scores)
        {
            if (!detectors.Contains(detector)) detectors.Add(detector);
            if (!results.TryGetValue((set, detector), out var list)) results[(set, detector)] = list = [];
            list.Add((AnomalyMetrics.RocAuc(labels, s), AnomalyMetrics.AveragePrecision(labels, s)));
        }
    }

    public void Print(string title, TextWriter output)
    {
        if (sets.Count == 0) return;
        output.WriteLine();
        output.WriteLine($"## {title}: ROC-AUC / AP (mean over seeds)");
        output.WriteLine();
        output.WriteLine("| set | " + string.Join(" | ", detectors) + " |");
        output.WriteLine("|---|" + string.Concat(detectors.Select(_ => "---|")));
        foreach (var set in sets)
            output.WriteLine($"| {set} | " + string.Join(" | ", detectors.Select(d => Cell(set, d))) + " |");
        output.WriteLine("| **mean** | " + string.Join(" | ", detectors.Select(d => string.Create(CultureInfo.InvariantCulture,
            $"**{sets.Average(s => Mean(s, d).Auc):F3} / {sets.Average(s => Mean(s, d).Ap):F3}**"))) + " |");
        output.Flush();
    }

    private (double Auc, double Ap) Mean(string set, string detector) =>
        results.TryGetValue((set, detector), out var l) ? (l.Average(t => t.Auc), l.Average(t => t.Ap)) : (double.NaN, double.NaN);

    private string Cell(string set, string detector)
    {
        var (auc, ap) = Mean(set, detector);
        return string.Create(CultureInfo.InvariantCulture, $"{auc:F3} / {ap:F3}");
    }
}
