using System.Text.Json;
using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;
using static BenchSupport;

/// <summary>
/// Real-data and hard cases of the neighbour search beside scikit-learn, faiss and hnswlib (data and reference
/// timings from bench/python/neighbors_cases.py): exact k = 10 queries on clean, outlier-skewed, duplicate-heavy and
/// real sets in stored order; HNSW recall@10 at ef = 200 on the real sets; unreachable rows after 1- and 2-thread
/// builds of consecutive near-identical rows.
/// </summary>
internal static class NeighborCasesBenchmark
{
    private const int K = 10;

    public static void Run(string dir, int threads, int repeats, string? only)
    {
        foreach (var caseDir in Directory.GetDirectories(dir).OrderBy(d => d, StringComparer.Ordinal))
        {
            string name = Path.GetFileName(caseDir);
            if (only is not null && !only.Split(',').Contains(name)) continue;
            if (!File.Exists(Path.Combine(caseDir, "python.json"))) continue;
            var python = JsonDocument.Parse(File.ReadAllText(Path.Combine(caseDir, "python.json"))).RootElement;
            var data = Matrix(Path.Combine(caseDir, "base.npy"));
            if (!File.Exists(Path.Combine(caseDir, "queries.npy")))
            {
                Unreachable(name, data, python, threads);
                continue;
            }
            var queries = Matrix(Path.Combine(caseDir, "queries.npy"));
            var kth = NpyReader.ReadNpy(Path.Combine(caseDir, "kth.npy")).Values;
            Exact(name, data, queries, kth, python, threads, repeats);
            if (python.TryGetProperty("hnswlib_recall", out _)) Hnsw(name, data, queries, kth, python, threads);
        }
    }

    private static void Exact(string name, FeatureMatrix data, FeatureMatrix queries, double[] kth, JsonElement python, int threads, int repeats)
    {
        double sk = python.GetProperty("sklearn_brute_qps").GetDouble(), faiss = python.GetProperty("faiss_flat_qps").GetDouble();
        var managed = new BruteForceNeighborSearch { NJobs = threads };
        using var engine = new TensorNeighborSearch { Device = TorchSharp.torch.CPU, NJobs = threads };
        managed.Fit(data);
        engine.Fit(data);
        foreach (var (label, search, fallback) in new (string, INeighborSearch, Func<int>)[]
                 {
                     ("managed", managed, () => managed.LastFallbackRows),
                     ("engine", engine, () => engine.LastFallbackRows),
                 })
        {
            NeighborResult? result = null;
            double best = double.MaxValue;
            for (int r = 0; r < Math.Max(3, repeats); r++) best = Math.Min(best, Time(() => result = search.Query(queries, K, false)));
            double qps = queries.Rows / best;
            Console.WriteLine(F($"| {name} {data.Rows:N0}×{data.Columns} | exact {label} | {qps:N0} q/s | fallback {fallback()} of {queries.Rows} | exact {Exactness(result!, data, queries, kth):F4} | sklearn {sk:N0} ({qps / sk:F2}×) | faiss {faiss:N0} ({qps / faiss:F2}×) | load {LoadAverage():F1} |"));
        }
    }

    private static void Hnsw(string name, FeatureMatrix data, FeatureMatrix queries, double[] kth, JsonElement python, int threads)
    {
        using var index = new HnswIndex(data.Columns, new HnswOptions { M = 16, EfConstruction = 200, NJobs = threads });
        double build = Time(() => index.Add(data));
        index.SearchBatch(queries, K, 200);
        NeighborResult? found = null;
        double t = Math.Min(Time(() => found = index.SearchBatch(queries, K, 200)), Time(() => found = index.SearchBatch(queries, K, 200)));
        double recall = Exactness(found!, data, queries, kth);
        double hr = python.GetProperty("hnswlib_recall").GetDouble();
        Console.WriteLine(F($"| {name} {data.Rows:N0}×{data.Columns} | HNSW ef 200 | build {build:F2} s, {queries.Rows / t:N0} q/s | recall@10 {recall:F4} | hnswlib build {python.GetProperty("hnswlib_build_s").GetDouble():F2} s, {python.GetProperty("hnswlib_qps").GetDouble():N0} q/s, recall {hr:F4} | Δ recall {recall - hr:+0.0000;-0.0000} | load {LoadAverage():F1} |"));
    }

    private static void Unreachable(string name, FeatureMatrix data, JsonElement python, int threads)
    {
        int Build(int jobs)
        {
            using var index = new HnswIndex(data.Columns, new HnswOptions { M = 16, EfConstruction = 200, NJobs = jobs });
            index.Add(data);
            var found = index.SearchBatch(data, 1, 200);
            int misses = 0;
            for (int r = 0; r < data.Rows; r++) if (found.Index(r, 0) != r) misses++;
            return misses;
        }
        int one = Build(1);
        var many = Enumerable.Range(0, 3).Select(_ => Build(threads)).ToArray();
        var h2 = python.GetProperty("hnswlib_unreachable_2").EnumerateArray().Select(e => e.GetInt32());
        Console.WriteLine(F($"| {name} {data.Rows:N0}×{data.Columns} | unreachable rows (k = 1, ef = 200) | 1 thread {one}; {threads} threads {string.Join(", ", many)} | hnswlib 1 thread {python.GetProperty("hnswlib_unreachable_1").GetInt32()}; 2 threads {string.Join(", ", h2)} | load {LoadAverage():F1} |"));
    }

    /// <summary>Share of returned rows whose exact float64 distance is at most the true k-th distance (ties count as hits).</summary>
    private static double Exactness(NeighborResult found, FeatureMatrix data, FeatureMatrix queries, double[] kth)
    {
        long hits = 0;
        for (int r = 0; r < found.Rows; r++)
        {
            for (int j = 0; j < K; j++)
            {
                var q = queries.Row(r);
                var x = data.Row(found.Index(r, j));
                double s = 0;
                for (int c = 0; c < q.Length; c++) { double diff = (double)q[c] - x[c]; s += diff * diff; }
                if (s <= kth[r] * (1 + 1e-12)) hits++;
            }
        }
        return hits / (double)(found.Rows * K);
    }
}
