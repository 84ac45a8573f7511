using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Evaluation;
using ResNetTab.Data;
using ResNetTab.SelfSupervised;
using ResNetTab.Synthetic;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>The one-class protocol on generated OCSF events, overall and per anomaly kind. Raw baselines see numerical columns + category rarity.</summary>
internal static class OcsfQuality
{
    public static void Run(int count, int seeds, PretrainingOptions recipe)
    {
        var events = new SyntheticOcsfGenerator(new SyntheticOptions { Seed = 42, EventCount = count, AnomalyRate = 0.02 }).Generate().ToList();
        var records = events.Select(e => e.Flatten()).ToList();
        var overall = new QualityTable();
        var perKind = new QualityTable();
        for (var seed = 0; seed < seeds; seed++)
        {
            var normal = Enumerable.Range(0, events.Count).Where(i => !events[i].IsAnomaly).ToArray();
            new Random(seed).Shuffle(normal);
            var trainRows = normal[..(normal.Length / 2)].Order().ToArray();
            var testRows = normal[(normal.Length / 2)..].Concat(Enumerable.Range(0, events.Count).Where(i => events[i].IsAnomaly)).Order().ToArray();
            var preprocessor = new TabularPreprocessor(new FeaturePlanOptions { EntityKeys = ["actor.user.name", "src_endpoint.ip"] })
                .Fit(trainRows.Select(i => records[i]));
            var train = preprocessor.Transform([.. trainRows.Select(i => records[i])]);
            var test = preprocessor.Transform([.. testRows.Select(i => records[i])]);
            var rarity = new CategoryRarity();
            rarity.Fit(train);
            var scores = Detectors.Run(train, test, recipe, seed, s => Console.WriteLine($"  ocsf seed {seed}: {s}"),
                [.. test.Schema!.Cardinalities], rarity.Transform(train), rarity.Transform(test));
            var labels = testRows.Select(i => events[i].IsAnomaly ? 1 : 0).ToArray();
            overall.Add($"OCSF {count:N0} events (all kinds)", labels, scores);
            foreach (var kind in AnomalyKinds.All)
            {
                var keep = Enumerable.Range(0, testRows.Length).Where(j => !events[testRows[j]].IsAnomaly || events[testRows[j]].Anomaly == kind).ToArray();
                if (!keep.Any(j => labels[j] == 1)) continue;
                perKind.Add(kind.ToString(), [.. keep.Select(j => labels[j])], scores.ToDictionary(kv => kv.Key, kv => keep.Select(j => kv.Value[j]).ToArray()));
            }
        }
        overall.Print("Generated OCSF events", Console.Out);
        perKind.Print("Generated OCSF events per anomaly kind (that kind's anomalies vs the test normals)", Console.Out);
    }
}
