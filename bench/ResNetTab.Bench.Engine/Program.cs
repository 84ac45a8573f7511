// Engine benchmarks (TorchSharp + libtorch 2.10 as ResNetTab runs it), side by side with bench/python/torch_ops.py:
//   (a) 1024x1024x1024 float32 matmul throughput (GFLOP/s)
//   (b) per-call cost of a small op (adding two 8-element tensors)
// Usage: dotnet run -c Release --project bench/ResNetTab.Bench.Engine [-- --threads N] [--quick]
using System.Diagnostics;
using ResNetTab.Engine.Runtime;
using static TorchSharp.torch;

var threads = args.Length == 2 && args[0] == "--threads" ? int.Parse(args[1]) : Environment.ProcessorCount;
set_num_threads(threads);
TorchRuntime.ApplyDefaults();
Console.WriteLine($"TorchSharp, libtorch {__version__}, threads {get_num_threads()}, defaults applied: {string.Join(" ", TorchRuntime.AppliedDefaults)}, " +
                  $"OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY")}, GOMP_SPINCOUNT={Environment.GetEnvironmentVariable("GOMP_SPINCOUNT")}");

var quick = args.Contains("--quick"); // a tenth of the work, for runs beside busy processes
Console.WriteLine($"matmul_1024_gflops {Matmul(1024, repeats: quick ? 4 : 20):F1}");
Console.WriteLine($"small_add_us {SmallAdd(quick ? 100_000 : 1_000_000):F3}");
Console.WriteLine($"mlp_train_steps_per_s {MlpTrainingSteps(steps: quick ? 20 : 200):F1}");

static double Matmul(int n, int repeats)
{
    manual_seed(0);
    using var a = randn(n, n);
    using var b = randn(n, n);
    for (var i = 0; i < 5; i++) a.mm(b).Dispose(); // warm-up
    var best = double.MaxValue;
    var times = new List<double>();
    for (var i = 0; i < repeats; i++)
    {
        var sw = Stopwatch.StartNew();
        a.mm(b).Dispose();
        times.Add(sw.Elapsed.TotalSeconds);
        best = Math.Min(best, sw.Elapsed.TotalSeconds);
    }
    times.Sort();
    var median = times[times.Count / 2];
    return 2.0 * n * n * n / median / 1e9;
}

// One training step of a 4-block MLP (Linear 512→512 + BatchNorm1d + ReLU), batch 256, Adam, MSE loss.
static double MlpTrainingSteps(int steps)
{
    manual_seed(0);
    var blocks = new List<nn.Module<Tensor, Tensor>>();
    for (var i = 0; i < 4; i++)
    {
        blocks.Add(nn.Linear(512, 512));
        blocks.Add(nn.BatchNorm1d(512));
        blocks.Add(nn.ReLU());
    }
    using var model = nn.Sequential(blocks.ToArray());
    using var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
    using var x = randn(256, 512);
    using var target = randn(256, 512);
    void Step()
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = (model.call(x) - target).square().mean();
        loss.backward();
        optimizer.step();
    }
    for (var i = 0; i < 20; i++) Step(); // warm-up
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < steps; i++) Step();
    return steps / sw.Elapsed.TotalSeconds;
}

static double SmallAdd(int iterations)
{
    using var a = ones(8);
    using var b = ones(8);
    for (var i = 0; i < 100_000; i++) (a + b).Dispose(); // warm-up (JIT tiers, allocator)
    var samples = new List<double>();
    for (var round = 0; round < 5; round++)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            using var c = a + b;
        }
        samples.Add(sw.Elapsed.TotalSeconds * 1e6 / iterations);
    }
    samples.Sort();
    return samples[samples.Count / 2];
}
