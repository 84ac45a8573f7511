using System.Globalization;

namespace ResNetTab.Samples.CifarResNet;

/// <summary>Command-line options of the sample.</summary>
internal sealed record CifarOptions
{
    public string? DataFolder { get; init; }
    public bool Synthetic { get; init; }
    public int Epochs { get; init; } = 30;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 0.1;
    public int? Limit { get; init; }
    public string Checkpoint { get; init; } = Path.Combine("runs", "cifar-resnet18", "last.safetensors");
    public bool Fresh { get; init; }
    public int? Threads { get; init; }
    public int Seed { get; init; } = 1;
    public bool Help { get; init; }

    public const string Usage = """
        Trains ResNet-18 (CIFAR stem: 3×3 convolution, no max-pool) on CIFAR-10 with SGD (momentum 0.9,
        weight decay 5e-4), a cosine learning-rate schedule, random-crop and flip augmentation.

        Usage: dotnet run --project samples/ResNetTab.Samples.CifarResNet -c Release -- --data <folder> [options]
          dotnet run --project samples/ResNetTab.Samples.CifarResNet -c Release -- --synthetic      (a small generated dataset)

        Options:
          --data <folder>       the extracted CIFAR-10 binary version (cifar-10-batches-bin, or its parent)
          --synthetic           train on a small generated dataset in the CIFAR-10 format instead
          --epochs <n>          epochs of the cosine schedule (default 30; 3 with --synthetic)
          --batch-size <n>      batch size (default 128; 32 with --synthetic)
          --lr <x>              starting learning rate (default 0.1; 0.02 with --synthetic)
          --limit <n>           use only the first n training images (and n/5 test images)
          --checkpoint <file>   checkpoint written after every epoch and resumed from when present
                                (default runs/cifar-resnet18/last.safetensors)
          --fresh               ignore an existing checkpoint and start over
          --threads <n>         libtorch/OpenBLAS threads (default: all cores)
          --seed <n>            seed of initialisation, shuffling and augmentation (default 1)
        Ctrl+C stops after the current batch; run the same command again to resume from the last epoch.
        """;

    public static CifarOptions Parse(string[] args)
    {
        var options = new CifarOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            int Int() { var name = args[i]; var v = Next(); return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name}: '{v}' is not a positive whole number"); }
            options = args[i] switch
            {
                "--data" => options with { DataFolder = Next() },
                "--synthetic" => options with { Synthetic = true },
                "--epochs" => options with { Epochs = Int() },
                "--batch-size" => options with { BatchSize = Int() },
                "--lr" => options with { LearningRate = ParseRate(Next()) },
                "--limit" => options with { Limit = Int() },
                "--checkpoint" => options with { Checkpoint = Next() },
                "--fresh" => options with { Fresh = true },
                "--threads" => options with { Threads = Int() },
                "--seed" => options with { Seed = Int() },
                "--help" or "-h" => options with { Help = true },
                var other => throw new ArgumentException($"unknown option '{other}' (see --help)"),
            };
        }
        if (options.Synthetic && options.DataFolder is not null) throw new ArgumentException("give either --data or --synthetic, not both");
        // The generated set is small: fewer epochs, smaller batches (more steps) and a gentler rate suit it
        // (with lr 0.1, a few dozen steps leave batch-norm statistics too unsettled to evaluate well).
        if (options.Synthetic && !args.Contains("--epochs")) options = options with { Epochs = 3 };
        if (options.Synthetic && !args.Contains("--batch-size")) options = options with { BatchSize = 32 };
        if (options.Synthetic && !args.Contains("--lr")) options = options with { LearningRate = 0.02 };
        return options;
    }

    private static double ParseRate(string v) =>
        double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 && double.IsFinite(x)
            ? x
            : throw new ArgumentException($"--lr: '{v}' is not a positive number");
}
