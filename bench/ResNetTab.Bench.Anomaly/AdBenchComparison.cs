using System.Diagnostics;
using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Evaluation;
using ResNetTab.Anomaly.Neighbors;
using static BenchSupport;

/// <summary>
/// ROC-AUC of k-NN and LOF (novelty mode) with exact search and with the HNSW index on the shared ADBench sets:
/// each set is split in half by a seeded permutation; the detectors are fitted on the first half and score the
/// second. The sets are read in place from the shared data folder.
/// </summary>
internal static class AdBenchComparison
{
    private static readonly string[] Sets =
    [
        "4_breastw", "6_cardio", "23_mammography", "28_pendigits", "29_Pima", "30_satellite", "32_shuttle", "38_thyroid",
    ];

    public static int Run(string[] args, int threads)
    {
        // The shared data sits beside the repository (../shared/data); the program runs from bin/<configuration>/net10.0.
        string dir = Arg(args, "--adbench") ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/data/adbench"));
        int ef = int.Parse(Arg(args, "--ef") ?? "64", System.Globalization.CultureInfo.InvariantCulture);
        var hnsw = new HnswOptions { M = 16, EfConstruction = 200, Ef = ef, NJobs = threads };
        Console.WriteLine($"threads={threads}, HNSW M=16 ef_construction=200 ef={ef}, load={LoadAverage():F2}");
        Console.WriteLine();
        Console.WriteLine("| set | n × d | k-NN AUC exact | k-NN AUC HNSW | Δ | LOF AUC exact | LOF AUC HNSW | Δ | neighbour recall |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var deltas = new List<(double Knn, double Lof)>();
        foreach (var name in Sets)
        {
            string path = Path.Combine(dir, name + ".npz");
            if (!File.Exists(path))
            {
                Console.WriteLine($"| {name} | missing | | | | | | | |");
                continue;
            }
            var arrays = NpyReader.ReadNpz(path);
            var x = arrays["X"].ToFeatureMatrix();
            var y = arrays["y"].ToLabels();
            var (train, test, yTest) = Split(x, y, seed: 42);
            double Auc(IAnomalyScorer s)
            {
                s.Fit(train);
                return AnomalyMetrics.RocAuc(yTest, s.Score(test));
            }
            double knnExact = Auc(new KNearestNeighborsScorer(new KNearestNeighborsOptions { NJobs = threads }));
            double knnHnsw = Auc(new KNearestNeighborsScorer(new KNearestNeighborsOptions { NJobs = threads, NeighborSearch = NeighborSearchFactory.Hnsw(hnsw) }));
            double lofExact = Auc(new LocalOutlierFactor(new LocalOutlierFactorOptions { Novelty = true, NJobs = threads }));
            double lofHnsw = Auc(new LocalOutlierFactor(new LocalOutlierFactorOptions { Novelty = true, NJobs = threads, NeighborSearch = NeighborSearchFactory.Hnsw(hnsw) }));
            double recall = NeighbourRecall(train, test, hnsw, threads);
            deltas.Add((knnHnsw - knnExact, lofHnsw - lofExact));
            Console.WriteLine(F($"| {name} | {x.Rows:N0} × {x.Columns} | {knnExact:F4} | {knnHnsw:F4} | {knnHnsw - knnExact:+0.0000;-0.0000;0} | {lofExact:F4} | {lofHnsw:F4} | {lofHnsw - lofExact:+0.0000;-0.0000;0} | {recall:F3} |"));
        }
        if (deltas.Count > 0)
            Console.WriteLine(F($"| mean | | | | {deltas.Average(d => d.Knn):+0.0000;-0.0000;0} | | | {deltas.Average(d => d.Lof):+0.0000;-0.0000;0} | |"));
        return 0;
    }

    /// <summary>Share of the exact 20 nearest training rows of each test row that the index finds.</summary>
    private static double NeighbourRecall(FeatureMatrix train, FeatureMatrix test, HnswOptions options, int threads)
    {
        int k = Math.Min(20, train.Rows);
        var exact = new BruteForceNeighborSearch { NJobs = threads };
        exact.Fit(train);
        var truth = exact.Query(test, k, false);
        using var approx = new HnswNeighborSearch(options);
        approx.Fit(train);
        var found = approx.Query(test, k, false);
        int hits = 0;
        for (int r = 0; r < test.Rows; r++)
        {
            // Ties: a found row at the k-th exact distance counts as a hit.
            double kth = truth.Distance(r, k - 1);
            for (int j = 0; j < k; j++) if (found.Distance(r, j) <= kth) hits++;
        }
        return hits / (double)(test.Rows * k);
    }

    private static (FeatureMatrix Train, FeatureMatrix Test, int[] YTest) Split(FeatureMatrix x, int[] y, int seed)
    {
        var order = Enumerable.Range(0, x.Rows).ToArray();
        new Random(seed).Shuffle(order);
        int half = x.Rows / 2;
        var trainRows = order[..half];
        var testRows = order[half..];
        Debug.Assert(trainRows.Length + testRows.Length == x.Rows);
        return (x.SelectRows(trainRows), x.SelectRows(testRows), testRows.Select(i => y[i]).ToArray());
    }
}
