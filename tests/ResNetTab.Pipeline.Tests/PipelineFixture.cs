using ResNetTab.Synthetic;
using ResNetTab.SelfSupervised;

namespace ResNetTab.Pipeline.Tests;

/// <summary>
/// A small generated OCSF data set (with labelled anomalies of kinds whose changed fields are known) and a bundle fitted on
/// it with a narrow model, shared by the tests of a class.
/// </summary>
public sealed class PipelineFixture : IDisposable
{
    /// <summary>A narrow recipe so that fitting takes seconds; everything else is the library's default.</summary>
    public static readonly PretrainingOptions SmallRecipe = PretrainingOptions.Default with { Width = 32, Blocks = 1, ProjectionDim = 16, BatchSize = 128 };

    public PipelineFixture()
    {
        Directory.CreateDirectory(Root);
        try
        {
            (Events, Labels, Bundle, BundlePath) = Create();
        }
        catch
        {
            Directory.Delete(Root, recursive: true);
            throw;
        }
    }

    private (string, string, AnomalyBundle, string) Create()
    {
        Events = Path.Combine(Root, "events.jsonl");
        Labels = Path.Combine(Root, "labels.csv");
        new SyntheticOcsfGenerator(new SyntheticOptions
        {
            Seed = 11,
            EventCount = 3000,
            AnomalyRate = 0.04,
            AnomalyKinds = [AnomalyKind.BruteForce, AnomalyKind.LargeTransferRareDestination, AnomalyKind.NewLocationLogin],
        }).WriteJsonLines(Events, Labels);
        var bundle = Fit(seed: 1);
        var path = Path.Combine(Root, "model.bundle");
        bundle.Save(path);
        return (Events, Labels, bundle, path);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "resnettab-pipeline-tests-" + Guid.NewGuid().ToString("N"));

    public string Events { get; private set; } = "";

    public string Labels { get; private set; } = "";

    /// <summary>The fitted bundle, in memory.</summary>
    public AnomalyBundle Bundle { get; }

    /// <summary>Where <see cref="Bundle"/> was saved.</summary>
    public string BundlePath { get; }

    public AnomalyBundle Fit(int seed, string? checkpoint = null, IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var pipeline = AnomalyPipeline.Create().ReadFrom(Events).WithPretraining(SmallRecipe).WithEpochs(3).WithSeed(seed);
        if (checkpoint is not null) pipeline = pipeline.WithCheckpoint(checkpoint);
        return pipeline.Fit(progress, cancellationToken);
    }

    /// <summary>A copy of the saved bundle to damage.</summary>
    public string CopyBundle()
    {
        var target = Path.Combine(Root, "copy-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(BundlePath, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(BundlePath, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    public void Dispose()
    {
        Bundle.Dispose();
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

/// <summary>The test classes that share one fitted bundle (and run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "fitted bundle";
}
