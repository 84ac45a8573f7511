using System.Globalization;
using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Evaluation;
using ResNetTab.Data;
using ResNetTab.SelfSupervised;
using ResNetTab.SelfSupervised.Sequences;
using ResNetTab.Synthetic;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>
/// Episode-level average precision of the sequence detector against point detectors on generated OCSF events with both
/// point anomalies and the generator's sequence-only kinds. A seeded half of the normal events trains everything; the
/// other half and every anomaly is scored; each side's windows are built from its own events. A unit is an anomaly episode (its score: the largest score of its events) or a
/// normal event; each kind is measured on its own episodes against all normal test events.
/// </summary>
internal static class Sequences
{
    /// <summary>The sequence detector's recipe (epochs and seed are set per run).</summary>
    public static SequenceTrainingOptions Recipe { get; set; } = new();

    public static void Run(int count, int seeds, int epochs, int sequenceEpochs, int perDay, int length, int stride)
    {
        var kinds = AnomalyKinds.All.Concat(AnomalyKinds.SequenceOnly).ToArray();
        var table = new Dictionary<string, Dictionary<string, List<double>>>(StringComparer.Ordinal);
        for (var seed = 0; seed < seeds; seed++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var options = new SyntheticOptions
            {
                Seed = (ulong)(42 + seed), EventCount = count, EventsPerDay = perDay, AnomalyRate = 0.03, AnomalyKinds = kinds, NormalLoginFailureRate = 0.05,
            };
            var events = new SyntheticOcsfGenerator(options).Generate().ToList();
            var records = events.Select(e => e.Flatten()).ToList();
            // A seeded half of the normal events trains everything; the other half and every anomaly is scored. Each side's
            // windows are built from its own events, so both see every entity's stream thinned alike.
            var normal = Enumerable.Range(0, events.Count).Where(i => !events[i].IsAnomaly).ToArray();
            new Random(seed).Shuffle(normal);
            var trainRows = normal[..(normal.Length / 2)].Order().ToArray();
            var testRows = normal[(normal.Length / 2)..].Concat(Enumerable.Range(0, events.Count).Where(i => events[i].IsAnomaly)).Order().ToArray();
            var preprocessor = new TabularPreprocessor(new FeaturePlanOptions { EntityKeys = ["actor.user.name", "src_endpoint.ip"] })
                .Fit(trainRows.Select(i => records[i]));
            var train = preprocessor.Transform([.. trainRows.Select(i => records[i])]);
            var test = preprocessor.Transform([.. testRows.Select(i => records[i])]);

            // Point detectors and embeddings, cached per setting (the pretraining dominates a run; the sequence study repeats).
            var cacheFile = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"resnettab-sequences-random-{count}-{perDay}-{epochs}-{seed}.json"));
            Dictionary<string, (double[] Train, double[] Test)> point;
            FeatureMatrix embTrain, embTest;
            if (File.Exists(cacheFile))
            {
                var cached = System.Text.Json.JsonSerializer.Deserialize<PointCache>(File.ReadAllText(cacheFile))!;
                point = cached.Train.ToDictionary(p => p.Key, p => (p.Value, cached.Test[p.Key]), StringComparer.Ordinal);
                embTrain = FeatureMatrix.Wrap(cached.EmbTrain, cached.Width);
                embTest = FeatureMatrix.Wrap(cached.EmbTest, cached.Width);
            }
            else
            {
                (point, embTrain, embTest) = PointDetectors(train, test, [.. test.Schema!.Cardinalities], epochs, seed);
                File.WriteAllText(cacheFile, System.Text.Json.JsonSerializer.Serialize(new PointCache(
                    point.ToDictionary(p => p.Key, p => p.Value.Train), point.ToDictionary(p => p.Key, p => p.Value.Test),
                    embTrain.Values.ToArray(), embTest.Values.ToArray(), embTrain.Columns)));
            }
            Console.WriteLine($"  seed {seed}: point detectors in {clock.Elapsed.TotalSeconds:F0}s");

            // The sequence detector on windows of each user's embeddings.
            var windowOptions = new SequenceWindowOptions { Length = length, Stride = stride, MaxGap = TimeSpan.FromHours(4) };
            var trainWindows = SequenceWindower.FromRows(embTrain, [.. trainRows.Select(i => events[i].Actor)], [.. trainRows.Select(i => events[i].TimeMs)], windowOptions);
            var testWindows = SequenceWindower.FromRows(embTest, [.. testRows.Select(i => events[i].Actor)], [.. testRows.Select(i => events[i].TimeMs)], windowOptions);
            using var scorer = new SequenceScorer(new SequenceScorerOptions
            {
                Length = windowOptions.Length,
                Training = Recipe with { Epochs = sequenceEpochs, Seed = seed },
            });
            var seqClock = System.Diagnostics.Stopwatch.StartNew();
            scorer.Fit(SequenceWindowSet.From(trainWindows).ToFeatureMatrix());
            var h = scorer.TrainingHistory;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  seed {seed}: {trainWindows.Count} training windows, {h.Count} epochs in {seqClock.Elapsed.TotalSeconds:F0}s ({h.Average(m => m.SamplesPerSecond):F0} windows/s), validation normality accuracy {h[^1].ValidationMetrics?["normality_accuracy"]:F3}"));
            var testMatrix = SequenceWindowSet.From(testWindows).ToFeatureMatrix();
            var windowScores = scorer.Score(testMatrix);
            var stepScores = scorer.StepScores(testMatrix);
            var normalTrain = scorer.NormalProbabilities(SequenceWindowSet.From(trainWindows).ToFeatureMatrix()).Select(p => 1 - p).ToArray();
            var normalTest = scorer.NormalProbabilities(testMatrix).Select(p => 1 - p).ToArray();
            var sequence = new Dictionary<string, (double[] Train, double[] Test)>(StringComparer.Ordinal)
            {
                ["sequence (window max)"] = (Finite(SequenceScores.PerEvent(trainWindows, scorer.TrainingScores, trainRows.Length)),
                    SequenceScores.PerEvent(testWindows, windowScores, testRows.Length)),
                ["sequence (own step)"] = (Finite(SequenceScores.PerEventSteps(trainWindows, scorer.StepScores(SequenceWindowSet.From(trainWindows).ToFeatureMatrix()), trainRows.Length)),
                    SequenceScores.PerEventSteps(testWindows, stepScores, testRows.Length)),
                ["sequence normality (window max)"] = (Finite(SequenceScores.PerEvent(trainWindows, normalTrain, trainRows.Length)),
                    SequenceScores.PerEvent(testWindows, normalTest, testRows.Length)),
            };
            var all = point.Concat(sequence).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            all["ensemble (point ensemble + sequence window max)"] = (Ranked(all, ["point ensemble (recon + raw IF)", "sequence (window max)"], true),
                Ranked(all, ["point ensemble (recon + raw IF)", "sequence (window max)"], false));

            foreach (var kind in kinds)
            {
                var units = Units(events, testRows, kind);
                if (units.Episodes == 0) continue;
                foreach (var (name, scores) in all)
                {
                    var ap = AnomalyMetrics.AveragePrecision(units.Labels, units.Score(scores.Test));
                    var row = table.TryGetValue(kind.ToLabel(), out var r) ? r : table[kind.ToLabel()] = new(StringComparer.Ordinal);
                    (row.TryGetValue(name, out var list) ? list : row[name] = []).Add(ap);
                }
                Console.WriteLine($"  seed {seed}: {kind.ToLabel()}: {units.Episodes} episodes");
            }
        }
        Print(table, kinds);
    }

    private sealed record PointCache(Dictionary<string, double[]> Train, Dictionary<string, double[]> Test, float[] EmbTrain, float[] EmbTest, int Width);

    /// <summary>Isolation Forest on raw features (numerical + category rarity), k-NN on the embeddings, reconstruction, and their rank ensemble.</summary>
    private static (Dictionary<string, (double[] Train, double[] Test)> Point, FeatureMatrix EmbTrain, FeatureMatrix EmbTest) PointDetectors(
        TabularData train, TabularData test, int[] cardinalities, int epochs, int seed)
    {
            var point = new Dictionary<string, (double[] Train, double[] Test)>(StringComparer.Ordinal);
            var rarity = new CategoryRarity();
            rarity.Fit(train);
            var rawTrain = Detectors.Standardized(rarity.Transform(train), out var mean, out var std);
            var rawTest = Detectors.Standardize(rarity.Transform(test), mean, std);
            var forest = new IsolationForest(new IsolationForestOptions { Seed = seed });
            forest.Fit(rawTrain);
            point["raw IF"] = ([.. forest.TrainingScores], forest.Score(rawTest));
            var recipe = PretrainingOptions.Default with { Epochs = epochs, Width = 128, Blocks = 3, Seed = seed };
            using var model = Pretrainer.CreateModel(train.NumericalColumns, cardinalities, recipe);
            using (var pretrainer = new Pretrainer(model, recipe)) pretrainer.Fit(train);
            var embTrain = EmbeddingExtractor.Extract(model, train);
            var embTest = EmbeddingExtractor.Extract(model, test);
            var knn = new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 5 });
            knn.Fit(embTrain);
            point["emb k-NN"] = ([.. knn.TrainingScores], knn.Score(embTest));
            using (var reconstruction = new ReconstructionScorer(model))
            {
                reconstruction.Fit(train.ToFeatureMatrix());
                point["reconstruction"] = ([.. reconstruction.TrainingScores], reconstruction.Score(test.ToFeatureMatrix()));
            }
            point["point ensemble (recon + raw IF)"] = (Ranked(point, ["reconstruction", "raw IF"], train: true), Ranked(point, ["reconstruction", "raw IF"], train: false));
        return (point, embTrain, embTest);
    }

    private static double[] Finite(double[] values) => [.. values.Where(double.IsFinite)];

    private static double[] Ranked(Dictionary<string, (double[] Train, double[] Test)> scores, string[] members, bool train) =>
        RankAverage.Combine([.. members.Select(m => ((IReadOnlyList<double>)scores[m].Train, (IReadOnlyList<double>)(train ? scores[m].Train : scores[m].Test)))]);

    private sealed record EpisodeUnits(int Episodes, int[] Labels, List<int[]> Members)
    {
        public double[] Score(double[] eventScores) =>
            [.. Members.Select(m => m.Max(i => double.IsFinite(eventScores[i]) ? eventScores[i] : double.NegativeInfinity))];
    }

    /// <summary>The units of one kind: each of its episodes in the test half, and every normal test event.</summary>
    private static EpisodeUnits Units(List<SyntheticEvent> events, int[] testRows, AnomalyKind kind)
    {
        var members = new List<int[]>();
        var labels = new List<int>();
        foreach (var group in Enumerable.Range(0, testRows.Length).Where(j => events[testRows[j]].Anomaly == kind).GroupBy(j => events[testRows[j]].Episode))
        {
            members.Add([.. group]);
            labels.Add(1);
        }
        var episodes = members.Count;
        for (var j = 0; j < testRows.Length; j++)
            if (!events[testRows[j]].IsAnomaly)
            {
                members.Add([j]);
                labels.Add(0);
            }
        return new EpisodeUnits(episodes, [.. labels], members);
    }

    private static void Print(Dictionary<string, Dictionary<string, List<double>>> table, AnomalyKind[] kinds)
    {
        var detectors = table.Values.First().Keys.ToArray();
        Console.WriteLine();
        Console.WriteLine("Episode-level average precision (mean over seeds) per anomaly kind:");
        Console.WriteLine("| kind | " + string.Join(" | ", detectors) + " |");
        Console.WriteLine("|---|" + string.Concat(detectors.Select(_ => "---|")));
        foreach (var kind in kinds.Select(k => k.ToLabel()).Where(table.ContainsKey))
            Console.WriteLine($"| {kind} | " + string.Join(" | ", detectors.Select(d => table[kind][d].Average().ToString("F3", CultureInfo.InvariantCulture))) + " |");
        string[] pointDetectors = ["raw IF", "emb k-NN", "reconstruction", "point ensemble (recon + raw IF)"];
        double Mean(IEnumerable<AnomalyKind> ks, string d) => ks.Select(k => k.ToLabel()).Where(table.ContainsKey).Select(k => table[k][d].Average()).DefaultIfEmpty(double.NaN).Average();
        Console.WriteLine();
        foreach (var (label, ks) in new[] { ("sequence-only kinds", AnomalyKinds.SequenceOnly), ("point kinds", AnomalyKinds.All) })
        {
            Console.WriteLine($"Mean over the {label}: " + string.Join(", ", detectors.Select(d => $"{d} {Mean(ks, d).ToString("F3", CultureInfo.InvariantCulture)}")));
        }
        var seqKinds = AnomalyKinds.SequenceOnly.Select(k => k.ToLabel()).Where(table.ContainsKey).ToArray();
        var gain = seqKinds.Select(k => table[k]["sequence (window max)"].Average() - pointDetectors.Max(d => table[k][d].Average())).ToArray();
        Console.WriteLine("Sequence (window max) minus the best point detector of each sequence-only kind: "
            + string.Join(", ", seqKinds.Zip(gain, (k, g) => $"{k} {g.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)}"))
            + $"; mean {gain.DefaultIfEmpty(double.NaN).Average().ToString("+0.000;-0.000", CultureInfo.InvariantCulture)}");
    }
}
