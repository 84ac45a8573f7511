using System.Globalization;
using ResNetTab.Anomaly.Evaluation;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>
/// Leave-one-set-out selection of the default detector over the ADBench pool, from dumped split scores. For every set
/// s, the candidate with the best mean AP over the other sets (averaged over seeds, then sets, then the two protocols)
/// is picked without seeing s, and scored on s; the procedure's result is the mean of those held-out scores. The pick
/// on the whole pool is the recommended default.
/// </summary>
internal static class Selection
{
    private static readonly string[] Raw = ["raw k-NN", "raw IF"];

    public static void Run(IReadOnlyList<SplitRecord> records, IReadOnlyList<string>? singlesFilter, int maxMembers, string criterion, TextWriter output)
    {
        var pool = records.Where(r => r.Source == "adbench").ToList();
        if (pool.Count == 0) throw new InvalidDataException("the dumps hold no ADBench split");
        var singles = pool.Select(r => r.Training.Keys.Where(k => r.Test.ContainsKey(k)).ToHashSet(StringComparer.Ordinal))
            .Aggregate((a, b) => { a.IntersectWith(b); return a; })
            .Where(k => k != "default" && (singlesFilter is null || singlesFilter.Contains(k) || Raw.Contains(k))).Order(StringComparer.Ordinal).ToList();
        foreach (var raw in Raw)
            if (!singles.Contains(raw)) throw new InvalidDataException($"the dumps lack the baseline '{raw}'");
        var candidates = singles.Select(s => new[] { s }).Concat(Candidates.Subsets(singles, maxMembers)).ToList();
        var names = candidates.Select(Name).ToList();
        var protocols = pool.Select(r => r.Protocol).Distinct().Order(StringComparer.Ordinal).ToList();
        var sets = pool.Select(r => r.Set).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var p in protocols)
            foreach (var s in sets)
                if (!pool.Any(r => r.Protocol == p && r.Set == s))
                    throw new InvalidDataException($"set {s} has no {p} split in the dumps; every set needs every protocol");
        output.WriteLine($"criterion {criterion}; selection over {sets.Count} sets × {string.Join(", ", protocols)} × seeds {string.Join(",", pool.Select(r => r.Seed).Distinct().Order())}; {singles.Count} detectors, {candidates.Count} candidates (single detectors and rank ensembles of up to {maxMembers})");

        // Metrics of every candidate on every split, averaged over seeds per (protocol, set).
        var ap = new Dictionary<(string Candidate, string Protocol, string Set), (double Ap, double Auc)>();
        foreach (var group in pool.GroupBy(r => (r.Protocol, r.Set)))
            for (var c = 0; c < candidates.Count; c++)
            {
                double sumAp = 0, sumAuc = 0;
                var n = 0;
                foreach (var r in group)
                {
                    var s = candidates[c].Length == 1 ? r.Test[candidates[c][0]] : Candidates.RankEnsemble(r.Training, r.Test, candidates[c]);
                    sumAp += AnomalyMetrics.AveragePrecision(r.Labels, s);
                    sumAuc += AnomalyMetrics.RocAuc(r.Labels, s);
                    n++;
                }
                ap[(names[c], group.Key.Protocol, group.Key.Set)] = (sumAp / n, sumAuc / n);
            }

        // mean: mean AP over the sets, then the protocols. worst: the same minus the largest shortfall against the better
        // raw baseline on any set and protocol. rank: the mean rank of the candidate's AP among all candidates per set and protocol.
        var rank = new Dictionary<(string Candidate, string Protocol, string Set), double>();
        if (criterion == "rank")
            foreach (var p in protocols)
                foreach (var s in sets)
                {
                    var ordered = names.OrderByDescending(c => ap[(c, p, s)].Ap).ToList();
                    for (var i = 0; i < ordered.Count; i++) rank[(ordered[i], p, s)] = i + 1;
                }
        double Criterion(string candidate, IEnumerable<string> onSets) => criterion switch
        {
            "mean" => protocols.Average(p => onSets.Average(s => ap[(candidate, p, s)].Ap)),
            "worst" => protocols.Average(p => onSets.Average(s => ap[(candidate, p, s)].Ap))
                - protocols.SelectMany(p => onSets.Select(s => Math.Max(ap[("raw k-NN", p, s)].Ap, ap[("raw IF", p, s)].Ap) - ap[(candidate, p, s)].Ap)).Max(),
            "rank" => -protocols.Average(p => onSets.Average(s => rank[(candidate, p, s)])),
            _ => throw new ArgumentException($"--criterion must be mean, worst or rank, got '{criterion}'"),
        };
        string Pick(IReadOnlyList<string> onSets) => names.MaxBy(c => Criterion(c, onSets))!;

        var picks = sets.ToDictionary(s => s, s => Pick([.. sets.Where(o => o != s)]), StringComparer.Ordinal);
        foreach (var p in protocols)
        {
            output.WriteLine();
            output.WriteLine($"## Leave-one-set-out selection, {p} protocol: AP / ROC-AUC of the held-out pick (mean over seeds)");
            output.WriteLine();
            output.WriteLine("| held-out set | picked on the other sets | pick | raw k-NN | raw IF | shortfall vs the better raw |");
            output.WriteLine("|---|---|---|---|---|---|");
            double shortfallMax = double.MinValue;
            string worst = "";
            foreach (var s in sets)
            {
                var pick = ap[(picks[s], p, s)];
                var knn = ap[("raw k-NN", p, s)];
                var iforest = ap[("raw IF", p, s)];
                var shortfall = Math.Max(knn.Ap, iforest.Ap) - pick.Ap;
                if (shortfall > shortfallMax) (shortfallMax, worst) = (shortfall, s);
                output.WriteLine(F($"| {s} | {picks[s]} | {pick.Ap:F3} / {pick.Auc:F3} | {knn.Ap:F3} / {knn.Auc:F3} | {iforest.Ap:F3} / {iforest.Auc:F3} | {shortfall:+0.000;-0.000} |"));
            }
            double Mean(Func<string, double> f) => sets.Average(f);
            output.WriteLine(F($"| **mean** | | **{Mean(s => ap[(picks[s], p, s)].Ap):F3} / {Mean(s => ap[(picks[s], p, s)].Auc):F3}** | {Mean(s => ap[("raw k-NN", p, s)].Ap):F3} / {Mean(s => ap[("raw k-NN", p, s)].Auc):F3} | {Mean(s => ap[("raw IF", p, s)].Ap):F3} / {Mean(s => ap[("raw IF", p, s)].Auc):F3} | worst {worst} {shortfallMax:+0.000;-0.000} |"));
        }
        var final = Pick(sets);
        output.WriteLine();
        output.WriteLine($"## Pick on the whole pool (the default): {final}");
        output.WriteLine();
        output.WriteLine("Top candidates on the whole pool (in-sample; mean AP per protocol and the selection criterion):");
        output.WriteLine();
        output.WriteLine("| candidate | " + string.Join(" | ", protocols) + " | criterion |");
        output.WriteLine("|---|" + string.Concat(protocols.Select(_ => "---|")) + "---|");
        foreach (var c in names.OrderByDescending(c => Criterion(c, sets)).Take(12).Concat(singles.Where(s => true)).Distinct())
            output.WriteLine($"| {c} | " + string.Join(" | ", protocols.Select(p => F($"{sets.Average(s => ap[(c, p, s)].Ap):F3}"))) + F($" | {Criterion(c, sets):F3} |"));

        OcsfReport(records.Where(r => r.Source == "ocsf").ToList(), [.. Raw, final, .. singles.Where(s => !Raw.Contains(s))], output);
    }

    /// <summary>The chosen default and the singles on generated OCSF events, overall and per anomaly kind, per protocol.</summary>
    private static void OcsfReport(List<SplitRecord> ocsf, IReadOnlyList<string> shown, TextWriter output)
    {
        foreach (var protocol in ocsf.Select(r => r.Protocol).Distinct().Order(StringComparer.Ordinal))
        {
            var runs = ocsf.Where(r => r.Protocol == protocol).ToList();
            var kinds = runs.SelectMany(r => r.Kinds ?? []).Where(k => k.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
            output.WriteLine();
            output.WriteLine($"## Generated OCSF events, {protocol} protocol: AP / ROC-AUC (mean over {runs.Count} seed(s)); rows: all kinds, then each kind against the test normals");
            output.WriteLine();
            output.WriteLine("| anomalies | " + string.Join(" | ", shown) + " |");
            output.WriteLine("|---|" + string.Concat(shown.Select(_ => "---|")));
            foreach (var kind in new[] { "" }.Concat(kinds))
            {
                var cells = shown.Select(c =>
                {
                    double sumAp = 0, sumAuc = 0;
                    var members = c.StartsWith("ensemble (", StringComparison.Ordinal) ? c["ensemble (".Length..^1].Split(" + ") : [c];
                    if (runs.Any(r => members.Any(m => !r.Test.ContainsKey(m) || !r.Training.ContainsKey(m)))) return "—";
                    foreach (var r in runs)
                    {
                        var s = members.Length == 1 ? r.Test[members[0]] : Candidates.RankEnsemble(r.Training, r.Test, members);
                        var keep = Enumerable.Range(0, r.Labels.Length).Where(i => kind.Length == 0 || r.Labels[i] == 0 || r.Kinds![i] == kind).ToArray();
                        var labels = keep.Select(i => r.Labels[i]).ToArray();
                        var kept = keep.Select(i => s[i]).ToArray();
                        sumAp += AnomalyMetrics.AveragePrecision(labels, kept);
                        sumAuc += AnomalyMetrics.RocAuc(labels, kept);
                    }
                    return F($"{sumAp / runs.Count:F3} / {sumAuc / runs.Count:F3}");
                });
                output.WriteLine($"| {(kind.Length == 0 ? "all kinds" : kind)} | " + string.Join(" | ", cells) + " |");
            }
        }
    }

    private static string Name(string[] members) => members.Length == 1 ? members[0] : Candidates.EnsembleName(members);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
