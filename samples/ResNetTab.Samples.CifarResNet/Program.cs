// Trains ResNet-18 on CIFAR-10: data loading with augmentation, SGD + cosine schedule, per-epoch
// loss/accuracy, a checkpoint after every epoch and resume after an interruption.
using ResNetTab.Models.Datasets;
using ResNetTab.Models.Training;
using ResNetTab.Models.Vision;
using ResNetTab.Samples.CifarResNet;
using TorchSharp;
using static TorchSharp.torch;

if (CifarOptions.Parse(args, out var options) is { } exit) return exit;
if (options.DataFolder is null && !options.Synthetic)
{
    Console.WriteLine("""
        This sample trains ResNet-18 on CIFAR-10, which is not included. To get it:
          1. download the binary version, https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (162 MB)
          2. extract it:  tar xzf cifar-10-binary.tar.gz   (creates cifar-10-batches-bin/)
          3. run:         dotnet run --project samples/ResNetTab.Samples.CifarResNet -c Release -- --data cifar-10-batches-bin

        To see the whole pipeline now, train on a small generated dataset in the same format:
                          dotnet run --project samples/ResNetTab.Samples.CifarResNet -c Release -- --synthetic

        """);
    CifarOptions.WriteHelp();
    return 2;
}

if (options.Threads is { } threads) set_num_threads(threads);
var device = cuda.is_available() ? CUDA : CPU;
Console.WriteLine($"libtorch {__version__} | device {device} | threads {get_num_threads()}");

Cifar10Dataset train, test;
try
{
    var folder = options.DataFolder ?? WriteSyntheticData();
    train = Cifar10.Load(folder, train: true);
    test = Cifar10.Load(folder, train: false);
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
if (options.Limit is { } limit)
{
    train = train.Take(Math.Min(limit, train.Count));
    test = test.Take(Math.Min(Math.Max(limit / 5, 1), test.Count));
}
Console.WriteLine($"data: {train.Count:N0} training and {test.Count:N0} test images");

manual_seed(options.Seed);
using var model = ResNetBuilder.ResNet18().WithCifarStem().WithClasses(Cifar10.ClassCount).Build();
model.to(device);
Console.WriteLine($"model: ResNet-18, CIFAR stem, {model.parameters().Sum(p => p.numel()):N0} parameters");

var trainLoader = new DataLoader(train, options.BatchSize, shuffle: true, seed: options.Seed, transform: Cifar10.TrainTransform(), device: device);
var testLoader = new DataLoader(test, 256, transform: Cifar10.TestTransform(), device: device);
var trainerOptions = new ClassificationTrainerOptions
{
    Epochs = options.Epochs,
    LearningRate = options.LearningRate,
    CheckpointPath = options.Checkpoint,
};
using var trainer = new ClassificationTrainer(model, trainerOptions);

if (File.Exists(options.Checkpoint) && !options.Fresh)
{
    try
    {
        trainer.LoadCheckpoint(options.Checkpoint);
    }
    catch (Exception e) when (e is InvalidOperationException or InvalidDataException
        or ResNetTab.Engine.StateDicts.StateDictMismatchException)
    {
        Console.Error.WriteLine($"error: cannot resume from {options.Checkpoint}: {e.Message}");
        Console.Error.WriteLine("Pass --fresh to start over (the checkpoint is replaced after the first epoch) or --checkpoint <file> to use another file.");
        return 1;
    }
    foreach (var m in trainer.History) Console.WriteLine(TextTrainingProgress.FormatEpoch(m, options.Epochs));
    Console.WriteLine(trainer.CompletedEpochs < options.Epochs
        ? $"resuming from {options.Checkpoint} at epoch {trainer.CompletedEpochs + 1}"
        : $"{options.Checkpoint} already holds all {options.Epochs} epochs (pass --fresh to train again)");
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
try
{
    trainer.Fit(trainLoader, testLoader, new TextTrainingProgress(Console.Out), stop.Token);
}
catch (OperationCanceledException)
{
    Console.WriteLine();
    Console.WriteLine($"stopped: {options.Checkpoint} holds {trainer.CompletedEpochs} completed epoch(s); run the same command to resume.");
    return 130;
}

var result = trainer.Evaluate(testLoader);
Console.WriteLine($"test accuracy {result.Accuracy:P2} (loss {result.Loss:F4}) on {result.Samples:N0} images after {trainer.CompletedEpochs} epochs");
var weights = Path.ChangeExtension(options.Checkpoint, null) + ".weights.safetensors";
model.save(weights);
Console.WriteLine($"weights: {weights} (torchvision names, loads with model.load(...) or safetensors.torch.load_file)");
return 0;

string WriteSyntheticData()
{
    var folder = Path.Combine(Path.GetTempPath(), "resnettab-synthetic-cifar");
    SyntheticCifar10.WriteFolder(folder, trainCount: 1000, testCount: 200, seed: options.Seed);
    Console.WriteLine($"synthetic data (class-coloured patches on noise, in the CIFAR-10 format): {folder}");
    return folder;
}
