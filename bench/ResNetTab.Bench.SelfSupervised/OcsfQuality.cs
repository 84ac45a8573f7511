using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Evaluation;
using ResNetTab.Data;
using ResNetTab.SelfSupervised;
using ResNetTab.Synthetic;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>
/// A protocol on generated OCSF events, overall and per anomaly kind. The preprocessor is fitted on the training rows;
/// raw baselines see numerical columns + category rarity.
/// </summary>
internal static class OcsfQuality
{
    public static void Run(int count, int seeds, PretrainingOptions recipe, Protocol protocol, string? dump, string[]? add = null)
    {
        var events = new SyntheticOcsfGenerator(new SyntheticOptions { Seed = 42, EventCount = count, AnomalyRate = 0.02 }).Generate().ToList();
        var records = events.Select(e => e.Flatten()).ToList();
        var overall = new QualityTable();
        var perKind = new QualityTable();
        for (var seed = 0; seed < seeds; seed++)
        {
            var (trainRows, testRows) = Protocols.Split([.. events.Select(e => e.IsAnomaly)], protocol, seed);
            var preprocessor = new TabularPreprocessor(new FeaturePlanOptions { EntityKeys = ["actor.user.name", "src_endpoint.ip"] })
                .Fit(trainRows.Select(i => records[i]));
            var train = preprocessor.Transform([.. trainRows.Select(i => records[i])]);
            var test = preprocessor.Transform([.. testRows.Select(i => records[i])]);
            var rarity = new CategoryRarity();
            rarity.Fit(train);
            if (add is not null)
            {
                var extra = Detectors.Extras(train, test, recipe, seed, add, rarity.Transform(train), rarity.Transform(test));
                SplitRecord.Merge(dump ?? throw new ArgumentException("--add needs --dump DIR"), "ocsf", $"{count}", protocol.Name(), seed, extra);
                Console.WriteLine("  ocsf added: " + string.Join(", ", extra.Seconds.Select(kv => $"{kv.Key} {kv.Value:F1}s")));
                continue;
            }
            var result = Detectors.Run(train, test, recipe, seed, s => Console.WriteLine($"  ocsf seed {seed}: {s}"),
                [.. test.Schema!.Cardinalities], rarity.Transform(train), rarity.Transform(test));
            var scores = result.Test;
            var labels = testRows.Select(i => events[i].IsAnomaly ? 1 : 0).ToArray();
            var kinds = testRows.Select(i => events[i].IsAnomaly ? events[i].Anomaly.ToString() : "").ToArray();
            if (dump is not null)
                new SplitRecord("ocsf", $"{count}", protocol.Name(), seed, labels, kinds, result.Test, result.Training, result.Seconds).Write(dump);
            Console.WriteLine("  ocsf seconds: " + string.Join(", ", result.Seconds.Select(kv => $"{kv.Key} {kv.Value:F1}")));
            overall.Add($"OCSF {count:N0} events (all kinds)", labels, scores);
            foreach (var kind in AnomalyKinds.All)
            {
                var keep = Enumerable.Range(0, testRows.Length).Where(j => !events[testRows[j]].IsAnomaly || events[testRows[j]].Anomaly == kind).ToArray();
                if (!keep.Any(j => labels[j] == 1)) continue;
                perKind.Add(kind.ToString(), [.. keep.Select(j => labels[j])], scores.ToDictionary(kv => kv.Key, kv => keep.Select(j => kv.Value[j]).ToArray()));
            }
        }
        overall.Print($"Generated OCSF events ({protocol.Name()} protocol)", Console.Out);
        perKind.Print($"Generated OCSF events per anomaly kind ({protocol.Name()} protocol; that kind's anomalies vs the test normals)", Console.Out);
    }
}
