using System.Text.Json;
using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Evaluation;
using ResNetTab.Anomaly.Neighbors;
using static BenchSupport;

/// <summary>
/// Exact search (LOF fit, k-NN queries) and the HNSW index against scikit-learn, faiss and hnswlib. Data and the
/// reference timings come from bench/python/anomaly_sklearn.py and bench/python/neighbors_ann.py.
/// </summary>
internal static class NeighborsBenchmark
{
    public static int Run(string[] args, int threads, int repeats)
    {
        string lofDir = Arg(args, "--data") ?? "/tmp/resnettab-bench";
        string annDir = Arg(args, "--ann") ?? "/tmp/resnettab-ann";
        string part = Arg(args, "--part") ?? "all";
        TorchSharp.torch.set_num_threads(threads);
        Console.WriteLine($"threads={threads}, repeats={repeats}, load={LoadAverage():F2}");
        if (part is "all" or "lof") Lof(lofDir, threads, repeats);
        if (part is "all" or "exact") ExactQueries(annDir, threads, repeats);
        if (part is "all" or "hnsw") Hnsw(annDir, threads, args);
        if (part is "all" or "cases") NeighborCasesBenchmark.Run(Arg(args, "--cases") ?? "/tmp/resnettab-nbcases", threads, repeats, Arg(args, "--only"));
        return 0;
    }

    private static void Lof(string dir, int threads, int repeats)
    {
        var x = Matrix(Path.Combine(dir, "lof_X.npy"));
        var y = ResNetTab.Anomaly.NpyReader.ReadNpy(Path.Combine(dir, "lof_y.npy")).ToLabels();
        var searches = new (string Name, Func<INeighborSearch> Factory)[]
        {
            ("managed brute force", NeighborSearchFactory.Managed(threads)),
            ("engine GEMM (TorchSharp, CPU)", () => new TensorNeighborSearch { Device = TorchSharp.torch.CPU, NJobs = threads }),
        };
        var times = searches.Select(_ => new List<double>()).ToArray();
        var auc = new double[searches.Length];
        for (int r = 0; r <= repeats; r++)
        {
            for (int s = 0; s < searches.Length; s++)
            {
                double[] scores = [];
                double t = Time(() =>
                {
                    var lof = new LocalOutlierFactor(new LocalOutlierFactorOptions { NJobs = threads, NeighborSearch = searches[s].Factory });
                    lof.Fit(x);
                    scores = lof.TrainingScores.ToArray();
                });
                if (r > 0) times[s].Add(t); // the first round warms up
                auc[s] = AnomalyMetrics.RocAuc(y, scores);
                Console.WriteLine(F($"  LOF {searches[s].Name}: {t:F3} s (load {LoadAverage():F2})"));
            }
        }
        double sk = double.NaN;
        string skPath = Path.Combine(dir, "sklearn.json");
        if (File.Exists(skPath))
            sk = JsonDocument.Parse(File.ReadAllText(skPath)).RootElement.GetProperty("lof").GetProperty("median_s").GetDouble();
        Console.WriteLine();
        Console.WriteLine($"| LOF fit + training scores, {x.Rows:N0} × {x.Columns}, k = 20 | median (s) | vs scikit-learn ({sk:F3} s) | ROC-AUC |");
        Console.WriteLine("|---|---|---|---|");
        for (int s = 0; s < searches.Length; s++)
            Console.WriteLine(F($"| {searches[s].Name} | {Median(times[s]):F3} | {sk / Median(times[s]):F1}× | {auc[s]:F4} |"));
        Console.WriteLine();
    }

    private static void ExactQueries(string dir, int threads, int repeats)
    {
        var (base_, queries, truth) = Ann(dir);
        var reference = PythonResults(dir);
        var searches = new (string Name, INeighborSearch Search)[]
        {
            ("managed brute force", new BruteForceNeighborSearch { NJobs = threads }),
            ("engine GEMM (TorchSharp, CPU)", new TensorNeighborSearch { Device = TorchSharp.torch.CPU, NJobs = threads }),
        };
        Console.WriteLine($"| exact k-NN, {base_.Rows:N0} × {base_.Columns} references, {queries.Rows:N0} queries, k = 10 | queries/s | recall@10 | vs scikit-learn | vs faiss IndexFlatL2 |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, search) in searches)
        {
            search.Fit(base_);
            var times = new List<double>();
            NeighborResult? result = null;
            for (int r = 0; r < Math.Max(2, repeats); r++)
            {
                double t = Time(() => result = search.Query(queries, 10, false));
                times.Add(t);
                Console.Error.WriteLine(F($"  {name}: {queries.Rows / t:F0} queries/s (load {LoadAverage():F2})"));
            }
            double qps = queries.Rows / times.Min();
            Console.WriteLine(F($"| {name} | {qps:N0} | {Recall(result!, truth):F4} | {qps / reference.SklearnQps:F2}× | {qps / reference.FaissQps:F2}× |"));
            (search as IDisposable)?.Dispose();
        }
        Console.WriteLine(F($"| scikit-learn brute force (reference) | {reference.SklearnQps:N0} | | | |"));
        Console.WriteLine(F($"| faiss IndexFlatL2 (reference) | {reference.FaissQps:N0} | | | |"));
        Console.WriteLine();
    }

    private static void Hnsw(string dir, int threads, string[] args)
    {
        var (base_, queries, truth) = Ann(dir);
        var reference = PythonResults(dir);
        var efs = (Arg(args, "--ef") ?? "32,50,64,80,100,128").Split(',').Select(int.Parse).ToArray();
        var options = new HnswOptions { M = 16, EfConstruction = 200, NJobs = threads };
        using var index = new HnswIndex(base_.Columns, options);
        double build = Time(() => index.Add(base_));
        Console.WriteLine(F($"HNSW build: {build:F2} s (load {LoadAverage():F2}); hnswlib {reference.HnswBuild:F2} s"));
        Console.WriteLine();
        Console.WriteLine($"| HNSW M = 16, ef_construction = 200, {threads} threads | build (s) | ef | queries/s | recall@10 |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (int ef in efs)
        {
            index.SearchBatch(queries, 10, ef); // warm-up
            NeighborResult? found = null;
            double t = Math.Min(Time(() => found = index.SearchBatch(queries, 10, ef)), Time(() => found = index.SearchBatch(queries, 10, ef)));
            Console.WriteLine(F($"| ResNetTab HnswIndex | {build:F2} | {ef} | {queries.Rows / t:N0} | {Recall(found!, truth):F4} |"));
        }
        foreach (var run in reference.HnswRuns)
            Console.WriteLine(F($"| hnswlib 0.6.2 | {reference.HnswBuild:F2} | {run.Ef} | {run.Qps:N0} | {run.Recall:F4} |"));
        Console.WriteLine(F($"(python reference measured at load {reference.Load:F2}; this run ends at load {LoadAverage():F2})"));
        string? save = Arg(args, "--save");
        if (save is not null)
        {
            double saveS = Time(() => index.Save(save));
            HnswIndex? mapped = null;
            double openS = Time(() => mapped = HnswIndex.Load(save, memoryMap: true, verifyChecksum: false));
            using (mapped)
            {
                double verifyS = Time(() => HnswIndex.Load(save, memoryMap: true).Dispose());
                Console.WriteLine(F($"save {saveS:F2} s ({new FileInfo(save).Length / 1e6:F0} MB), memory-mapped open {openS * 1000:F0} ms, with SHA-256 check {verifyS:F2} s"));
            }
        }
    }

    private static double Recall(NeighborResult found, long[] truth)
    {
        int k = found.K, hits = 0;
        for (int r = 0; r < found.Rows; r++)
        {
            var t = truth.AsSpan(r * 10, 10);
            for (int j = 0; j < k; j++) if (t.Contains(found.Index(r, j))) hits++;
        }
        return hits / (double)(found.Rows * k);
    }

    private static (FeatureMatrix Base, FeatureMatrix Queries, long[] Truth) Ann(string dir)
    {
        if (!File.Exists(Path.Combine(dir, "truth.npy")))
            throw new FileNotFoundException($"No ANN data in {dir}: run `/usr/bin/python3 bench/python/neighbors_ann.py --out {dir}` first.");
        var truth = ResNetTab.Anomaly.NpyReader.ReadNpy(Path.Combine(dir, "truth.npy")).ToLabels().Select(v => (long)v).ToArray();
        return (Matrix(Path.Combine(dir, "base.npy")), Matrix(Path.Combine(dir, "queries.npy")), truth);
    }

    private sealed record PythonReference(double SklearnQps, double FaissQps, double HnswBuild, (int Ef, double Qps, double Recall)[] HnswRuns, double Load);

    private static PythonReference PythonResults(string dir)
    {
        string path = Path.Combine(dir, "ann_python.json");
        if (!File.Exists(path)) return new(double.NaN, double.NaN, double.NaN, [], double.NaN);
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        double Qps(string name) => root.TryGetProperty(name, out var e) ? e.GetProperty("qps").GetDouble() : double.NaN;
        var h = root.GetProperty("hnswlib");
        var runs = h.GetProperty("runs").EnumerateArray()
            .Select(r => (r.GetProperty("ef").GetInt32(), r.GetProperty("qps").GetDouble(), r.GetProperty("recall").GetDouble())).ToArray();
        return new(Qps("sklearn_brute"), Qps("faiss_flat"), h.GetProperty("build_s").GetDouble(), runs, root.GetProperty("load").GetDouble());
    }
}
