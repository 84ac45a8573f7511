using System.Globalization;
using System.Net;
using System.Text;
using ResNetTab.Cli.Output;
using ResNetTab.Pipeline;

namespace ResNetTab.Cli.Reports;

/// <summary>
/// One self-contained HTML page (no script, style sheet, font or image from elsewhere): the bundle, the score
/// distributions, ROC and precision–recall curves (with labels), the pretraining losses, the 2-D map of the embeddings
/// coloured by score and by label, the anomaly clusters, the top anomalies with their fields and locations, and the
/// inferred feature plan.
/// </summary>
internal static class HtmlReport
{
    private const int MaxMapPoints = 5000;
    private static readonly double[] ScoreBands = [0.5, 0.9, 0.99];

    public static string Render(AnomalyBundle bundle, string bundleName, IReadOnlyList<ScoreRow> rows, int[]? truth, string[]? kinds, int top)
    {
        if (rows.Count == 0) throw new InvalidDataException("The scores file holds no events; nothing to report.");
        var m = bundle.Manifest;
        var scores = rows.Select(r => r.Score).ToArray();
        var flagged = rows.Select(r => r.Label).ToArray();
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>ResNetTab anomaly report</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1400px}
            h1{font-size:1.6em;margin-bottom:4px} h2{margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
            .muted{color:#666} .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(640px,1fr));gap:16px}
            figure{margin:0;border:1px solid #e5e5e5;border-radius:6px;padding:8px;background:#fff}
            figure svg{width:100%;height:auto;display:block} figcaption{font-size:.85em;color:#555;margin-top:4px}
            table{border-collapse:collapse;font-size:.85em} th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f5f5f5} td.num{text-align:right;font-variant-numeric:tabular-nums} .flag{color:#b00;font-weight:600}
            </style></head><body>
            """);
        html.Append(CultureInfo.InvariantCulture, $"<h1>Anomalies in {rows.Count:N0} OCSF events</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">bundle {E(bundleName)} · ResNetTab {E(m.LibraryVersion)} · fitted on {m.Training.Rows:N0} events ({m.Training.NumericalColumns} numerical + {m.Training.CategoricalColumns} categorical columns) · detector: {E(m.Detector)} · threshold {m.Threshold.Value:G6} ({E(m.Threshold.Method)}) · {flagged.Sum():N0} events above it</p>");

        var charts = new List<(string Id, string Svg, string Caption)>();
        var normalName = truth is null ? "below the threshold" : "normal";
        var anomalyName = truth is null ? "above the threshold" : "labelled anomaly";
        charts.Add(("scores", Charts.ScoreDistribution(scores, truth ?? flagged, [normalName, anomalyName], m.Threshold.Value),
            truth is null ? "Scores of the events below and above the threshold (no labels given)." : "Scores of the normal and the labelled anomalous events."));
        Evaluation.Evaluation? quality = null;
        if (truth is not null)
        {
            quality = Evaluation.Evaluation.Compute(rows, truth, kinds!);
            var (fpr, tpr) = Roc(scores, truth);
            charts.Add(("roc", Charts.Curve("ROC curve", "false positive rate", "true positive rate", fpr, tpr,
                string.Create(CultureInfo.InvariantCulture, $"ROC-AUC {quality.RocAuc:F3}"), diagonal: true), "Receiver operating characteristic against the labels."));
            var (recall, precision) = PrecisionRecall(scores, truth);
            charts.Add(("pr", Charts.Curve("Precision-recall curve", "recall", "precision", recall, precision,
                string.Create(CultureInfo.InvariantCulture, $"average precision {quality.AveragePrecision:F3}"), diagonal: false), "Precision against recall as the threshold moves."));
        }
        if (m.Training.History.Count > 0)
            charts.Add(("losses", Charts.Losses(m.Training.History), "Mean training and held-out validation loss per pretraining epoch."));
        var sample = MapSample(rows, truth ?? flagged);
        var xs = sample.Select(i => rows[i].MapX).ToArray();
        var ys = sample.Select(i => rows[i].MapY).ToArray();
        var sorted = sample.Select(i => scores[i]).Order().ToArray();
        var quantiles = ScoreBands.Select(q => sorted[(int)(q * (sorted.Length - 1))]).ToArray();
        var scoreGroup = sample.Select(i => quantiles.Count(q => scores[i] > q)).ToArray();
        charts.Add(("map-score", Charts.Map("Embeddings coloured by score", xs, ys, scoreGroup,
            ["score ≤ median", "median – 90th pct", "90th – 99th pct", "top 1 %"], Charts.ScoreColors(4)),
            "The pretrained model's embeddings projected on their first two principal components (fitted on the training events); colour = score band."));
        var labelGroup = sample.Select(i => truth is null ? flagged[i] * 2 : truth[i] == 1 ? 2 : flagged[i]).ToArray();
        charts.Add(("map-label", Charts.Map("Embeddings coloured by label", xs, ys, labelGroup,
            truth is null ? ["below the threshold", "", "above the threshold"] : ["normal", "normal, above the threshold", "labelled anomaly"], Charts.LabelColors),
            "The same map; colour = label (and whether the score is above the threshold)."));

        html.Append("<h2>Charts</h2><div class=\"grid\">");
        foreach (var (id, svg, caption) in charts)
            html.Append(CultureInfo.InvariantCulture, $"<figure class=\"chart\" id=\"chart-{id}\">{svg}<figcaption>{E(caption)}</figcaption></figure>");
        html.Append("</div>");

        if (quality is not null) AppendQuality(html, quality);
        AppendClusters(html, rows);
        AppendTop(html, rows, truth, kinds, top);
        AppendPlan(html, bundle);
        html.Append(CultureInfo.InvariantCulture, $"<script>var expectedCharts={charts.Count};</script>");
        html.Append("""
            <script>
            // Checks that every chart was laid out; reported in the page (data-charts) and on the console when one is not.
            (function(){var figures=document.querySelectorAll('figure.chart');var drawn=0;
            figures.forEach(function(f){var s=f.querySelector('svg');if(s&&s.getBoundingClientRect().width>0&&s.querySelectorAll('*').length>10){drawn++;}else{console.error('chart not drawn: '+f.id);}});
            if(figures.length!==expectedCharts){console.error('expected '+expectedCharts+' charts, found '+figures.length);}
            document.body.setAttribute('data-charts',String(drawn));})();
            </script>
            """);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void AppendQuality(StringBuilder html, Evaluation.Evaluation q)
    {
        static string F(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
        html.Append("<h2>Detection quality</h2><table><tr><th>ROC-AUC</th><th>average precision</th><th>precision</th><th>recall</th><th>F1</th><th>precision@k</th></tr>");
        html.Append(CultureInfo.InvariantCulture, $"<tr><td class=num>{F(q.RocAuc)}</td><td class=num>{F(q.AveragePrecision)}</td><td class=num>{F(q.AtThreshold.Precision)}</td><td class=num>{F(q.AtThreshold.Recall)}</td><td class=num>{F(q.AtThreshold.F1)}</td><td class=num>{F(q.PrecisionAtK)} (k = {q.K})</td></tr></table>");
        html.Append("<p></p><table><tr><th>anomaly kind</th><th>events</th><th>ROC-AUC</th><th>AP</th><th>recall at the threshold</th></tr>");
        foreach (var k in q.Kinds)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(k.Kind)}</td><td class=num>{k.Count}</td><td class=num>{F(k.RocAuc)}</td><td class=num>{F(k.AveragePrecision)}</td><td class=num>{F(k.RecallAtThreshold)}</td></tr>");
        html.Append("</table>");
    }

    /// <summary>Events above the threshold grouped by the field that contributed most: what kinds of anomaly were found.</summary>
    private static void AppendClusters(StringBuilder html, IReadOnlyList<ScoreRow> rows)
    {
        var clusters = rows.Where(r => r.Label == 1).GroupBy(r => r.Fields().Select(f => f.Field).FirstOrDefault() ?? "(none)")
            .Select(g => (Field: g.Key, Count: g.Count(), Mean: g.Average(r => r.Score), Second: g.SelectMany(r => r.Fields().Skip(1).Take(1)).GroupBy(f => f.Field).OrderByDescending(x => x.Count()).Select(x => x.Key).FirstOrDefault()))
            .OrderByDescending(c => c.Count).ToList();
        html.Append("<h2>Anomaly clusters</h2><p class=\"muted\">Events above the threshold, grouped by the OCSF field that contributed most to their score.</p>");
        html.Append("<table><tr><th>leading field</th><th>events</th><th>mean score</th><th>most frequent second field</th></tr>");
        foreach (var c in clusters)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Field)}</td><td class=num>{c.Count:N0}</td><td class=num>{c.Mean:F4}</td><td>{E(c.Second ?? "")}</td></tr>");
        html.Append("</table>");
    }

    private static void AppendTop(StringBuilder html, IReadOnlyList<ScoreRow> rows, int[]? truth, string[]? kinds, int top)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>Top {top} events</h2><table id=\"top-anomalies\"><tr><th>#</th><th>score</th><th>location</th>{(truth is null ? "" : "<th>label</th>")}<th>contributing fields (share of the reconstruction error)</th></tr>");
        var order = Enumerable.Range(0, rows.Count).OrderByDescending(i => rows[i].Score).ThenBy(i => i).Take(top);
        var rank = 0;
        foreach (var i in order)
        {
            var r = rows[i];
            var fields = string.Join(", ", r.Fields().Select(f => string.Create(CultureInfo.InvariantCulture, $"{E(f.Field)} {f.Share:P0}")));
            var label = truth is null ? "" : $"<td>{(truth[i] == 1 ? "<span class=flag>" + E(kinds![i]) + "</span>" : "normal")}</td>";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=num>{++rank}</td><td class=num>{r.Score:F4}</td><td>{E(r.Source)}:{r.Line}</td>{label}<td>{fields}</td></tr>");
        }
        html.Append("</table>");
    }

    private static void AppendPlan(StringBuilder html, AnomalyBundle bundle)
    {
        var plan = bundle.FeaturePlan;
        html.Append(CultureInfo.InvariantCulture, $"<h2>Inferred feature plan</h2><p class=\"muted\">{plan.Selected.Count()} of {plan.Fields.Count} fields used, inferred from {plan.Rows:N0} events.</p>");
        html.Append("<table id=\"feature-plan\"><tr><th>field</th><th>used</th><th>kind</th><th>why</th><th>missing</th><th>cardinality</th><th>encoding</th></tr>");
        foreach (var f in plan.Fields.OrderByDescending(f => f.Selected).ThenBy(f => f.Path, StringComparer.Ordinal))
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(f.Path)}</td><td>{(f.Selected ? "yes" : "no")}</td><td>{f.Kind}</td><td>{E(f.KindReason)}</td><td class=num>{f.MissingRate:P0}</td><td class=num>{f.Cardinality}</td><td>{E(f.Encoding)}</td></tr>");
        html.Append("</table>");
    }

    /// <summary>Up to <see cref="MaxMapPoints"/> evenly spaced events plus every positive one.</summary>
    private static int[] MapSample(IReadOnlyList<ScoreRow> rows, int[] positive)
    {
        var step = Math.Max(1, rows.Count / MaxMapPoints);
        return [.. Enumerable.Range(0, rows.Count).Where(i => i % step == 0 || positive[i] == 1)];
    }

    private static (double[] Fpr, double[] Tpr) Roc(double[] scores, int[] truth)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        double p = truth.Sum(), n = truth.Length - p, tp = 0, fp = 0;
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        for (var k = 0; k < order.Length; k++)
        {
            if (truth[order[k]] == 1) tp++;
            else fp++;
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]]) continue;
            fpr.Add(fp / n);
            tpr.Add(tp / p);
        }
        return Thin(fpr, tpr);
    }

    private static (double[] Recall, double[] Precision) PrecisionRecall(double[] scores, int[] truth)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        double p = truth.Sum(), tp = 0;
        var recall = new List<double>();
        var precision = new List<double>();
        for (var k = 0; k < order.Length; k++)
        {
            if (truth[order[k]] == 1) tp++;
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]]) continue;
            recall.Add(tp / p);
            precision.Add(tp / (k + 1));
        }
        return Thin(recall, precision);
    }

    /// <summary>At most 1,000 points of a curve (enough for a chart), always keeping the ends.</summary>
    private static (double[], double[]) Thin(List<double> xs, List<double> ys)
    {
        var step = Math.Max(1, xs.Count / 1000);
        var keep = Enumerable.Range(0, xs.Count).Where(i => i % step == 0 || i == xs.Count - 1).ToArray();
        return (keep.Select(i => xs[i]).ToArray(), keep.Select(i => ys[i]).ToArray());
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
