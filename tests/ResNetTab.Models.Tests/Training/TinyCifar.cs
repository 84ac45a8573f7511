using ResNetTab.Models.Datasets;
using ResNetTab.Models.Vision;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Training;

/// <summary>A small learnable dataset written as real CIFAR-10 files, and a small ResNet for it.</summary>
internal sealed class TinyCifar : IDisposable
{
    public TinyCifar(int trainCount = 160, int testCount = 40)
    {
        Folder = Path.Combine(Path.GetTempPath(), "resnettab-trainer-" + Guid.NewGuid().ToString("N"));
        SyntheticCifar10.WriteFolder(Folder, trainCount, testCount, seed: 3);
        Train = Cifar10.Load(Folder, train: true);
        Test = Cifar10.Load(Folder, train: false);
    }

    public string Folder { get; }

    public Cifar10Dataset Train { get; }

    public Cifar10Dataset Test { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Shuffled, augmented training batches (seeded: every run sees the same epochs).</summary>
    public DataLoader TrainLoader(int batchSize = 32) =>
        new(Train, batchSize, shuffle: true, seed: 11, transform: Cifar10.TrainTransform());

    public DataLoader TestLoader() => new(Test, 20, transform: Cifar10.TestTransform());

    /// <summary>A two-stage basic-block ResNet with the CIFAR stem (8 and 16 channels).</summary>
    public static ResNet Model(int seed = 5)
    {
        manual_seed(seed);
        return ResNetBuilder.Create().WithBlock<BasicBlock>().WithLayers(1, 1).WithWidths(8, 16).WithCifarStem().WithStemWidth(8)
            .WithClasses(10).Build();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
