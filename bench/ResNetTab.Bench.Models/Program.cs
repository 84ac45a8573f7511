// Model throughput, compared side by side with bench/python/models_torch.py (PyTorch 1.13 + torchvision):
//   ResNet-18 (CIFAR stem and ImageNet stem) on 32×32 images at batch 64: training images/s (SGD momentum) and eval images/s;
//   TabularResNet (d=256, 6 blocks, 50 numerical, 4 categorical columns 100/50/200/1000) eval embeddings/s at batch 1024.
// Usage: dotnet run -c Release --project bench/ResNetTab.Bench.Models [-- --threads N]
using System.Diagnostics;
using ResNetTab.Models.Tabular;
using ResNetTab.Models.Vision;
using static ResNetTab.Torch.torch;

var threads = args.Length == 2 && args[0] == "--threads" ? int.Parse(args[1]) : Environment.ProcessorCount;
set_num_threads(threads);
Console.WriteLine($"libtorch {__version__}, threads {get_num_threads()}, OpenBLAS threads {get_blas_num_threads()}");

foreach (var (name, cifar) in new[] { ("cifar_stem", true), ("imagenet_stem", false) })
{
    manual_seed(0);
    var builder = ResNetBuilder.Create().WithLayers(2, 2, 2, 2).WithClasses(10);
    using var model = (cifar ? builder.WithCifarStem() : builder.WithImageNetStem()).Build();
    Console.WriteLine($"resnet18_{name}_train_images_per_s {TrainImages(model, steps: 10):F1}");
    Console.WriteLine($"resnet18_{name}_eval_images_per_s {EvalImages(model, steps: 20):F1}");
}
Console.WriteLine($"tabular_resnet_eval_embeddings_per_s {TabularEmbeddings(steps: 20):F0}");

static double TrainImages(ResNet model, int steps)
{
    model.train();
    using var optimizer = optim.SGD(model.parameters(), lr: 0.1, momentum: 0.9, weight_decay: 5e-4);
    using var x = randn(64, 3, 32, 32);
    using var y = randint(10, [64, 1]);
    void Step()
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = -model.call(x).log_softmax(1).gather(1, y).mean(); // cross-entropy
        loss.backward();
        optimizer.step();
    }
    for (var i = 0; i < 3; i++) Step();
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < steps; i++) Step();
    return steps * 64 / sw.Elapsed.TotalSeconds;
}

static double EvalImages(ResNet model, int steps)
{
    model.eval();
    using var noGrad = no_grad();
    using var x = randn(64, 3, 32, 32);
    for (var i = 0; i < 3; i++) model.call(x).Dispose();
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < steps; i++) model.call(x).Dispose();
    return steps * 64 / sw.Elapsed.TotalSeconds;
}

static double TabularEmbeddings(int steps)
{
    manual_seed(0);
    using var model = TabularResNetBuilder.Create().WithNumericalFeatures(50).WithCategorical(100, 50, 200, 1000)
        .WithWidth(256).WithBlocks(6).Build();
    model.eval();
    using var noGrad = no_grad();
    using var numerical = randn(1024, 50);
    using var categorical = cat([randint(100, [1024, 1]), randint(50, [1024, 1]), randint(200, [1024, 1]), randint(1000, [1024, 1])], 1);
    for (var i = 0; i < 3; i++) model.call(numerical, categorical).Dispose();
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < steps; i++) model.call(numerical, categorical).Dispose();
    return steps * 1024 / sw.Elapsed.TotalSeconds;
}
