using System.CommandLine;

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
    public string Checkpoint { get; init; } = DefaultCheckpoint;
    public bool Fresh { get; init; }
    public int? Threads { get; init; }
    public int Seed { get; init; } = 1;

    private static readonly string DefaultCheckpoint = Path.Combine("runs", "cifar-resnet18", "last.safetensors");

    private static readonly Option<string?> DataOption = new("--data") { Description = "the extracted CIFAR-10 binary version (cifar-10-batches-bin, or its parent)", HelpName = "folder" };
    private static readonly Option<bool> SyntheticOption = new("--synthetic") { Description = "train on a small generated dataset in the CIFAR-10 format instead" };
    private static readonly Option<int?> EpochsOption = new Option<int?>("--epochs") { Description = "epochs of the cosine schedule (default 30; 3 with --synthetic)", HelpName = "n" }.Positive();
    private static readonly Option<int?> BatchSizeOption = new Option<int?>("--batch-size") { Description = "batch size (default 128; 32 with --synthetic)", HelpName = "n" }.Positive();
    private static readonly Option<double?> RateOption = new Option<double?>("--lr") { Description = "starting learning rate (default 0.1; 0.02 with --synthetic)", HelpName = "x" }.Positive();
    private static readonly Option<int?> LimitOption = new Option<int?>("--limit") { Description = "use only the first n training images (and n/5 test images)", HelpName = "n" }.Positive();
    private static readonly Option<string> CheckpointOption = new("--checkpoint")
    {
        Description = "checkpoint written after every epoch and resumed from when present",
        HelpName = "file",
        DefaultValueFactory = _ => DefaultCheckpoint,
    };
    private static readonly Option<bool> FreshOption = new("--fresh") { Description = "ignore an existing checkpoint and start over" };
    private static readonly Option<int?> ThreadsOption = new Option<int?>("--threads") { Description = "libtorch/OpenBLAS threads (default: all cores)", HelpName = "n" }.Positive();
    private static readonly Option<int> SeedOption = new("--seed") { Description = "seed of initialisation, shuffling and augmentation", HelpName = "n", DefaultValueFactory = _ => 1 };

    private static RootCommand Command()
    {
        var command = new RootCommand("""
            Trains ResNet-18 (CIFAR stem: 3×3 convolution, no max-pool) on CIFAR-10 with SGD (momentum 0.9,
            weight decay 5e-4), a cosine learning-rate schedule, random-crop and flip augmentation. Give --data <folder>
            (the CIFAR-10 binary version) or --synthetic (a small generated dataset in the same format).
            Ctrl+C stops after the current batch; run the same command again to resume from the last epoch.
            """)
        {
            DataOption, SyntheticOption, EpochsOption, BatchSizeOption, RateOption, LimitOption, CheckpointOption, FreshOption, ThreadsOption, SeedOption,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(SyntheticOption) && r.GetValue(DataOption) is not null) r.AddError("give either --data or --synthetic, not both");
        });
        return command;
    }

    /// <summary>Parses the command line; returns the exit code when the sample should not run (help shown or a wrong command line).</summary>
    public static int? Parse(string[] args, out CifarOptions options)
    {
        options = new CifarOptions();
        if (SampleCommandLine.Parse(Command(), args, out var r) is { } exit) return exit;
        var synthetic = r.GetValue(SyntheticOption);
        // The generated set is small: fewer epochs, smaller batches (more steps) and a gentler rate suit it
        // (with lr 0.1, a few dozen steps leave batch-norm statistics too unsettled to evaluate well).
        options = new CifarOptions
        {
            DataFolder = r.GetValue(DataOption),
            Synthetic = synthetic,
            Epochs = r.GetValue(EpochsOption) ?? (synthetic ? 3 : 30),
            BatchSize = r.GetValue(BatchSizeOption) ?? (synthetic ? 32 : 128),
            LearningRate = r.GetValue(RateOption) ?? (synthetic ? 0.02 : 0.1),
            Limit = r.GetValue(LimitOption),
            Checkpoint = r.GetValue(CheckpointOption)!,
            Fresh = r.GetValue(FreshOption),
            Threads = r.GetValue(ThreadsOption),
            Seed = r.GetValue(SeedOption),
        };
        return null;
    }

    /// <summary>Prints the usage (as <c>--help</c> does).</summary>
    public static void WriteHelp() => SampleCommandLine.WriteHelp(Command());
}
