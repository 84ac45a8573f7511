using ResNetTab.Anomaly;
using ResNetTab.SelfSupervised;

namespace ResNetTab.Pipeline;

/// <summary>
/// The one place that names the library's default detector: the rank average of the pretrained model's reconstruction
/// error and an Isolation Forest on the raw rows (numerical columns plus each category's rarity). The reconstruction
/// member also explains a score column by column.
/// </summary>
internal static class DefaultDetector
{
    /// <summary>What the manifest and the report call it.</summary>
    public const string Name = "rank average: reconstruction (pretrained TabularResNet) + Isolation Forest (raw features with category rarity)";

    /// <summary>Fits both members on the training rows; the model is the caller's and stays so.</summary>
    public static FittedDetector Fit(SelfSupervisedModel model, TabularData rows, int seed)
    {
        var rarity = new CategoryRarity();
        rarity.Fit(rows);
        var forest = new IsolationForest(new IsolationForestOptions { Seed = seed });
        forest.Fit(rarity.Transform(rows));
        var reconstruction = new ReconstructionScorer(model);
        reconstruction.Fit(rows.ToFeatureMatrix());
        return new FittedDetector(reconstruction, forest, rarity);
    }
}

/// <summary>The fitted members of the default detector.</summary>
/// <remarks>
/// Calls into the model are serialised: TorchSharp's forward passes are not safe to run from several threads at once
/// (measured: concurrent masked fills fail inside libtorch), and libtorch already spreads each call over every core.
/// </remarks>
internal sealed class FittedDetector(ReconstructionScorer reconstruction, IsolationForest forest, CategoryRarity rarity) : IDisposable
{
    private readonly Lock modelLock = new();

    public ReconstructionScorer Reconstruction { get; } = reconstruction;

    public IsolationForest Forest { get; } = forest;

    public CategoryRarity Rarity { get; } = rarity;

    /// <summary>The combined scores of the training rows (each member's training scores ranked against themselves).</summary>
    public double[] TrainingScores() =>
        RankAverage.Combine([(Reconstruction.TrainingScores, Reconstruction.TrainingScores), (Forest.TrainingScores, Forest.TrainingScores)]);

    /// <summary>Combined scores of rows and the reconstruction member's per-column contributions (row-major).</summary>
    public (double[] Scores, double[] Contributions) Score(TabularData rows)
    {
        FeatureMatrix matrix = rows.ToFeatureMatrix();
        double[] contributions;
        lock (modelLock) contributions = Reconstruction.Contributions(matrix);
        var columns = matrix.Columns;
        var reconstruction = new double[rows.Rows];
        for (var i = 0; i < contributions.Length; i++) reconstruction[i / columns] += contributions[i];
        var forest = Forest.Score(Rarity.Transform(rows));
        var combined = RankAverage.Combine([(Reconstruction.TrainingScores, reconstruction), (Forest.TrainingScores, forest)]);
        return (combined, contributions);
    }

    /// <summary>The model's embeddings of the rows (its final-norm output).</summary>
    public FeatureMatrix Embed(TabularData rows)
    {
        lock (modelLock) return EmbeddingExtractor.Extract(Reconstruction.Model!, rows);
    }

    /// <summary>Frees the reconstruction member's model when it owns it (a loaded bundle).</summary>
    public void Dispose() => Reconstruction.Dispose();
}
