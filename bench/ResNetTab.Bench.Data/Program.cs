using System.Diagnostics;
using System.Globalization;
using ResNetTab.Data;
using ResNetTab.Synthetic;

// End-to-end featurization benchmark on synthetic OCSF JSON Lines (see bench/README.md).
// Usage: dotnet run -c Release --project bench/ResNetTab.Bench.Data -- [--events N] [--compare N] [--fit N]
//        [--batch N] [--parallelism N] [--dir PATH] [--regenerate] [--stages] [--no-array-aggregates] [--parquet N]
// --parquet N: only compare reading N OCSF-shaped rows from Parquet and from JSON Lines, then exit.
var events = Arg("--events", 1_000_000);
var compare = Arg("--compare", 200_000);
var fitRows = Arg("--fit", 50_000);
var batchSize = Arg("--batch", 4096);
var dir = ArgText("--dir", Path.Combine(Path.GetTempPath(), "resnettab-bench-data"));
var regenerate = args.Contains("--regenerate");
var parallelism = Arg("--parallelism", 0);

Console.WriteLine($"ResNetTab.Data featurization benchmark  ({Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
    $"GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")})");
Directory.CreateDirectory(dir);
if (Arg("--parquet", 0) is > 0 and var parquetRows)
{
    ParquetRead.Run(parquetRows, dir);
    return;
}

var sizes = compare > 0 && compare < events ? new[] { compare, events } : new[] { events };
var files = sizes.Select(n => EnsureFile(n)).ToArray();
var big = files[^1];

var options = new FeaturePlanOptions
{
    EntityKeys = ["actor.user.name", "src_endpoint.ip"],
    // --no-array-aggregates: flatten as before the path[].field bags existed (for comparison).
    Flatten = new ResNetTab.Data.FlattenOptions { AggregateObjectArrays = !args.Contains("--no-array-aggregates") },
};
var sw = Stopwatch.StartNew();
var pre = new TabularPreprocessor(options).Fit(RecordReader.ReadFlat(big, options.Flatten).Take(fitRows));
sw.Stop();
Console.WriteLine($"fit on first {fitRows:N0}: {sw.Elapsed.TotalSeconds:F2} s ({fitRows / sw.Elapsed.TotalSeconds:N0} events/s); " +
    $"{pre.Plan.Fields.Count(f => f.Selected)} fields selected of {pre.Plan.Fields.Count}; " +
    $"{pre.NumericalNames.Count} numerical + {pre.CategoricalNames.Count} categorical columns");

if (args.Contains("--stages")) Stages(files[0], pre);

foreach (var (n, path) in sizes.Zip(files))
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var baseline = WorkingSetMb();
    var samples = new List<(long Rows, double Mb, double HeapMb)>();
    var peakHeap = 0.0;
    var peak = baseline;
    var summary = new ReadSummary();
    long rows = 0, batches = 0;
    double checksum = 0;
    var allocated = GC.GetTotalAllocatedBytes();
    sw.Restart();
    foreach (var batch in pre.TransformFile(path, batchSize, summary, parallelism: parallelism))
    {
        rows += batch.Rows;
        checksum += batch.Numerical.Span[0] + batch.Categorical.Span[^1];
        if (++batches % 16 == 0)
        {
            var ws = WorkingSetMb();
            var heap = GC.GetTotalMemory(false) / 1048576.0;
            peak = Math.Max(peak, ws);
            peakHeap = Math.Max(peakHeap, heap);
            if (samples.Count == 0 || rows >= samples[^1].Rows + n / 5) samples.Add((rows, ws, heap));
        }
    }
    sw.Stop();
    peak = Math.Max(peak, WorkingSetMb());
    var rate = rows / sw.Elapsed.TotalSeconds;
    Console.WriteLine($"transform {n:N0} events: {sw.Elapsed.TotalSeconds:F2} s = {rate:N0} events/s, " +
        $"{new FileInfo(path).Length / sw.Elapsed.TotalSeconds / 1e6:F0} MB/s; bad records {summary.BadRecordCount}; checksum {checksum:F3}");
    Console.WriteLine($"  memory: working set before {baseline:F0} MB, peak {peak:F0} MB; managed heap peak {peakHeap:F0} MB; " +
        "samples (rows→working set/heap) " + string.Join(", ", samples.Select(s => $"{s.Rows / 1000:N0}k→{s.Mb:F0}/{s.HeapMb:F0} MB")) +
        $"; allocated {(GC.GetTotalAllocatedBytes() - allocated) / (double)rows:N0} B/event, GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
}

// Where the time goes: scanning + parsing, + flattening, + encoding (one thread each).
static void Stages(string path, TabularPreprocessor pre)
{
    var limit = 100_000;
    var w = Stopwatch.StartNew();
    long count = 0;
    foreach (var r in new JsonRecordReader().Read(path)) if (++count == limit) break;
    Report("scan + parse", count, w);
    w.Restart();
    count = 0;
    foreach (var r in RecordReader.ReadFlat(path, pre.Options.Flatten)) if (++count == limit) break;
    Report("scan + parse + flatten", count, w);
    var flat = RecordReader.ReadFlat(path, pre.Options.Flatten).Take(20_000).ToList();
    w.Restart();
    for (var i = 0; i < flat.Count; i += 4096) pre.Transform(flat.GetRange(i, Math.Min(4096, flat.Count - i)));
    Report("encode (Transform of flat records)", flat.Count, w);

    // Encoder cost by type, on the same records.
    var tally = new ResNetTab.Data.Encoders.DriftTally();
    var num = new float[pre.Encoders.Max(e => e.NumericalNames().Count)];
    var cat = new long[Math.Max(1, pre.Encoders.Max(e => e.CategoricalNames().Count))];
    foreach (var g in pre.Encoders.Where(e => e is not ResNetTab.Data.Encoders.EntityDeltaEncoder).GroupBy(e => e.GetType().Name))
    {
        w.Restart();
        foreach (var r in flat)
            foreach (var e in g) e.Encode(r[e.Field], num, cat, tally);
        Console.WriteLine($"    {g.Key} x{g.Count()} ({g.Sum(e => e.NumericalNames().Count)} numerical, {g.Sum(e => e.CategoricalNames().Count)} categorical columns): " +
            $"{w.Elapsed.TotalMilliseconds * 1000 / flat.Count:F2} us/event");
    }
    w.Restart();
    var known = pre.Plan.Fields.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
    var unknown = 0;
    foreach (var r in flat) foreach (var k in r.Fields.Keys) if (!known.Contains(k)) unknown++;
    Console.WriteLine($"    known-field check: {w.Elapsed.TotalMilliseconds * 1000 / flat.Count:F2} us/event");

    static void Report(string stage, long n, Stopwatch w) =>
        Console.WriteLine($"  stage {stage}: {n / w.Elapsed.TotalSeconds:N0} events/s");
}

string EnsureFile(int n)
{
    var path = Path.Combine(dir, $"synthetic-seed42-{n}.jsonl");
    var done = path + ".done";
    if (!regenerate && File.Exists(path) && File.Exists(done))
    {
        Console.WriteLine($"using cached {path} ({new FileInfo(path).Length / 1e6:N0} MB)");
        return path;
    }
    var gen = new SyntheticOcsfGenerator(new SyntheticOptions { Seed = 42, EventCount = n });
    var w = Stopwatch.StartNew();
    var s = gen.WriteJsonLines(path, Path.ChangeExtension(path, ".labels.csv"));
    w.Stop();
    File.WriteAllText(done, s.ToString());
    Console.WriteLine($"generated {path}: {new FileInfo(path).Length / 1e6:N0} MB in {w.Elapsed.TotalSeconds:F1} s " +
        $"({n / w.Elapsed.TotalSeconds:N0} events/s); {s}");
    return path;
}

static double WorkingSetMb()
{
    using var p = Process.GetCurrentProcess();
    return p.WorkingSet64 / 1048576.0;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string ArgText(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
