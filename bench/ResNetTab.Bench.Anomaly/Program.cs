using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;
using ResNetTab.Anomaly.Evaluation;

// Side-by-side benchmark against scikit-learn 1.2 (bench/python/anomaly_sklearn.py writes the data and its timings).
// Usage: dotnet run -c Release --project bench/ResNetTab.Bench.Anomaly [-- --data DIR --repeats N --threads T]
//        ... -- --suite neighbors [--part lof|exact|hnsw|cases] [--ann DIR] [--cases DIR] [--ef 50,100] [--save FILE]   (exact search and HNSW)
//        ... -- --suite adbench [--ef 64]                                                         (AUC, exact vs HNSW)
const int DefaultThreads = 2;
string dir = ArgValue("--data") ?? "/tmp/resnettab-bench";
int repeats = int.Parse(ArgValue("--repeats") ?? "5", CultureInfo.InvariantCulture);
int threads = int.Parse(ArgValue("--threads") ?? DefaultThreads.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
switch (ArgValue("--suite"))
{
    case "neighbors": return NeighborsBenchmark.Run(args, threads, repeats);
    case "adbench": return AdBenchComparison.Run(args, threads);
}

if (!File.Exists(Path.Combine(dir, "iforest_X.npy")))
{
    Console.Error.WriteLine($"No benchmark data in {dir}: run `/usr/bin/python3 bench/python/anomaly_sklearn.py --out {dir}` first.");
    return 1;
}

var (xIf, yIf) = Load("iforest");
var (xLof, yLof) = Load("lof");
Console.WriteLine($"threads={threads}, processors={Environment.ProcessorCount}, repeats={repeats}, {RuntimeInfo()}");

var ifResult = Measure("IsolationForest fit+score", xIf, yIf, repeats, () =>
{
    var f = new IsolationForest(new IsolationForestOptions { Seed = 0, NJobs = threads });
    f.Fit(xIf);
    return f.Score(xIf);
});
var lofResult = Measure("LocalOutlierFactor fit (outlier mode)", xLof, yLof, Math.Max(1, repeats - 2), () =>
{
    var lof = new LocalOutlierFactor(new LocalOutlierFactorOptions { NJobs = threads });
    lof.Fit(xLof);
    return lof.TrainingScores.ToArray();
});

TorchSharp.torch.set_num_threads(threads);
var lofTensorResult = Measure("LocalOutlierFactor fit (outlier mode, libtorch search)", xLof, yLof, Math.Max(1, repeats - 2), () =>
{
    var lof = new LocalOutlierFactor(new LocalOutlierFactorOptions { NJobs = threads, NeighborSearch = ResNetTab.Anomaly.Neighbors.NeighborSearchFactory.Tensor() });
    lof.Fit(xLof);
    return lof.TrainingScores.ToArray();
});

string skPath = Path.Combine(dir, "sklearn.json");
if (File.Exists(skPath))
{
    using var sk = JsonDocument.Parse(File.ReadAllText(skPath));
    var root = sk.RootElement;
    Console.WriteLine();
    Console.WriteLine($"| task | shape | ours (s) | scikit-learn {root.GetProperty("sklearn").GetString()} (s) | speed-up | AUC ours | AUC sklearn |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    Row("IsolationForest fit+score", xIf, ifResult, root.GetProperty("iforest"));
    Row("LOF fit+score (outlier mode)", xLof, lofResult, root.GetProperty("lof"));
    Row("LOF fit+score (outlier mode, libtorch GEMM search)", xLof, lofTensorResult, root.GetProperty("lof"));
}
else
{
    Console.WriteLine($"(no {skPath}: run the scikit-learn script for the comparison)");
}
return 0;

void Row(string name, FeatureMatrix x, (double Median, double Auc) ours, JsonElement theirs)
{
    double skS = theirs.GetProperty("median_s").GetDouble(), skAuc = theirs.GetProperty("roc_auc").GetDouble();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {x.Rows:N0} × {x.Columns} | {ours.Median:F3} | {skS:F3} | {skS / ours.Median:F1}× | {ours.Auc:F4} | {skAuc:F4} |"));
}

static (double Median, double Auc) Measure(string name, FeatureMatrix x, int[] y, int repeats, Func<double[]> run)
{
    // Warm-up: JIT, tiered compilation and thread-pool start-up are not part of the measurement.
    var scores = run();
    var times = new List<double>();
    for (int i = 0; i < repeats; i++)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        scores = run();
        times.Add(sw.Elapsed.TotalSeconds);
    }
    times.Sort();
    double median = times[times.Count / 2];
    double auc = AnomalyMetrics.RocAuc(y, scores);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: {x.Rows} x {x.Columns}, median {median:F3} s (min {times[0]:F3}, max {times[^1]:F3}), ROC-AUC {auc:F4}"));
    return (median, auc);
}

(FeatureMatrix X, int[] Y) Load(string name) =>
    (NpyReader.ReadNpy(Path.Combine(dir, $"{name}_X.npy")).ToFeatureMatrix(),
     NpyReader.ReadNpy(Path.Combine(dir, $"{name}_y.npy")).ToLabels());

string? ArgValue(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string RuntimeInfo() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, AVX2={System.Runtime.Intrinsics.X86.Avx2.IsSupported}, FMA={System.Runtime.Intrinsics.X86.Fma.IsSupported}";
