// Model throughput, compared side by side with bench/python/models_torch.py (PyTorch 1.13 + torchvision):
//   ResNet-18 (CIFAR stem and ImageNet stem) on 32×32 images at batch 64: training images/s (SGD momentum) and eval images/s;
//   TabularResNet (d=256, 6 blocks, 50 numerical, 4 categorical columns 100/50/200/1000) eval embeddings/s at batch 1024.
// Each figure is the best of five timed rounds after warm-up (both sides), so a background hiccup on a
// shared machine does not decide the ratio.
// Usage: dotnet run -c Release --project bench/ResNetTab.Bench.Models [-- --threads N] [--only resnet|tabular-eval|tabular-masked] [--quick]
using System.Diagnostics;
using ResNetTab.Engine.Runtime;
using ResNetTab.Models.Tabular;
using ResNetTab.Models.Vision;
using static TorchSharp.torch;

var threads = Option("--threads") is { } t ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : Environment.ProcessorCount;
var only = Option("--only"); // run one case: resnet, tabular-eval or tabular-masked
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
set_num_threads(threads);
Console.WriteLine($"TorchSharp, libtorch {__version__}, threads {get_num_threads()}, defaults applied: {string.Join(" ", TorchRuntime.AppliedDefaults)}");

foreach (var (name, cifar) in new[] { ("cifar_stem", true), ("imagenet_stem", false) })
{
    if (only is not null && only != "resnet") break;
    manual_seed(0);
    var builder = ResNetBuilder.Create().WithLayers(2, 2, 2, 2).WithClasses(10);
    using var model = (cifar ? builder.WithCifarStem() : builder.WithImageNetStem()).Build();
    Console.WriteLine($"resnet18_{name}_train_images_per_s {TrainImages(model, steps: 10):F1}");
    Console.WriteLine($"resnet18_{name}_eval_images_per_s {EvalImages(model, steps: cifar ? 20 : 60):F1}");
}
if (only is null or "tabular-eval") Console.WriteLine($"tabular_resnet_eval_embeddings_per_s {TabularEmbeddings(steps: 60):F0}");
if (only is null or "tabular-masked") Console.WriteLine($"tabular_resnet_masked_train_records_per_s {TabularMaskedTraining(steps: args.Contains("--quick") ? 6 : 30):F0}");

static double TrainImages(ResNet model, int steps)
{
    model.train();
    using var optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9, weight_decay: 5e-4);
    using var x = randn(64, 3, 32, 32);
    using var y = randint(10, [64]);
    void Step()
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.call(x), y);
        loss.backward();
        optimizer.step();
    }
    for (var i = 0; i < 3; i++) Step();
    return BestOfRounds(() =>
    {
        for (var i = 0; i < steps; i++) Step();
    }, steps * 64);
}

static double EvalImages(ResNet model, int steps)
{
    model.eval();
    using var noGrad = no_grad();
    using var x = randn(64, 3, 32, 32);
    for (var i = 0; i < 3; i++) model.call(x).Dispose();
    return BestOfRounds(() =>
    {
        for (var i = 0; i < steps; i++) model.call(x).Dispose();
    }, steps * 64);
}

static double TabularEmbeddings(int steps)
{
    manual_seed(0);
    using var model = TabularResNetBuilder.Create().WithNumericalColumns(50).WithCategorical(100, 50, 200, 1000)
        .WithWidth(256).WithBlocks(6).Build();
    model.eval();
    using var noGrad = no_grad();
    using var numerical = randn(1024, 50);
    using var categorical = cat([randint(100, [1024, 1]), randint(50, [1024, 1]), randint(200, [1024, 1]), randint(1000, [1024, 1])], 1);
    for (var i = 0; i < 3; i++) model.call(numerical, categorical).Dispose();
    return BestOfRounds(() =>
    {
        for (var i = 0; i < steps; i++) model.call(numerical, categorical).Dispose();
    }, steps * 1024);
}

// The masked-feature training step of models_torch.py: Bernoulli(0.15) mask over the 4 categorical cells
// (masked cells set to 0), MSE of a numerical head + cross-entropy of one head per column over its masked
// rows, Adam 1e-3, batch 256, dropout 0.1. Written as a user would write it with TorchSharp.
static double TabularMaskedTraining(int steps)
{
    manual_seed(0);
    long[] cards = [100, 50, 200, 1000];
    using var model = TabularResNetBuilder.Create().WithNumericalColumns(50).WithCategorical(100, 50, 200, 1000)
        .WithWidth(256).WithBlocks(6).WithDropout(0.1).Build();
    using var numericalHead = nn.Linear(256, 50);
    var categoricalHeads = cards.Select(c => nn.Linear(256, c)).ToArray();
    var parameters = model.parameters().Concat(numericalHead.parameters()).Concat(categoricalHeads.SelectMany(h => h.parameters())).ToList();
    using var optimizer = optim.Adam(parameters, lr: 1e-3);
    model.train();
    using var numerical = randn(256, 50);
    using var categorical = stack(cards.Select(c => randint(3, c, [256])).ToArray(), 1);
    void Step()
    {
        using var scope = NewDisposeScope();
        var mask = rand(categorical.shape) < 0.15;
        var embedding = model.call(numerical, categorical.masked_fill(mask, 0));
        var loss = nn.functional.mse_loss(numericalHead.call(embedding), numerical);
        for (var j = 0; j < cards.Length; j++)
        {
            var rows = mask[.., j];
            if (!rows.any().item<bool>()) continue;
            loss = loss + nn.functional.cross_entropy(categoricalHeads[j].call(embedding[rows]), categorical[rows, j]);
        }
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }
    for (var i = 0; i < 3; i++) Step();
    try
    {
        return BestOfRounds(() =>
        {
            for (var i = 0; i < steps; i++) Step();
        }, steps * 256);
    }
    finally
    {
        foreach (var head in categoricalHeads) head.Dispose();
    }
}

// Items per second of the fastest of five rounds.
static double BestOfRounds(Action round, int items)
{
    var best = double.MaxValue;
    for (var r = 0; r < 5; r++)
    {
        var sw = Stopwatch.StartNew();
        round();
        best = Math.Min(best, sw.Elapsed.TotalSeconds);
    }
    return items / best;
}
