using ResNetTab.Anomaly;
using ResNetTab.SelfSupervised;

namespace ResNetTab.Pipeline;

/// <summary>
/// The one place that names the detector a bundle fits: the library's <see cref="SelfSupervised.DefaultDetector"/> (the
/// rank average that the quality benchmark's leave-one-set-out selection chose), around the bundle's pretrained model.
/// Its reconstruction member also explains a score column by column.
/// </summary>
internal static class BundleDetector
{
    /// <summary>What the manifest and the report call it.</summary>
    public static string Name { get; } = "DefaultDetector: rank average of " + string.Join(" + ", SelfSupervised.DefaultDetector.MemberNames);

    /// <summary>Fits the detector on the training rows; the model is the caller's and stays so.</summary>
    public static FittedDetector Fit(SelfSupervisedModel model, TabularData rows, Contamination contamination)
    {
        var detector = new SelfSupervised.DefaultDetector(model, contamination);
        try
        {
            detector.Fit(rows.ToFeatureMatrix());
            return new FittedDetector(detector);
        }
        catch
        {
            detector.Dispose();
            throw;
        }
    }
}

/// <summary>The fitted default detector of a bundle.</summary>
/// <remarks>
/// Calls into it are serialised: TorchSharp's forward passes are not safe to run from several threads at once
/// (measured: concurrent masked fills fail inside libtorch), and libtorch already spreads each call over every core.
/// </remarks>
internal sealed class FittedDetector(SelfSupervised.DefaultDetector inner) : IDisposable
{
    private readonly Lock modelLock = new();

    public SelfSupervised.DefaultDetector Inner { get; } = inner;

    public ReconstructionScorer Reconstruction => Inner.Reconstruction;

    /// <summary>The detector's scores of its training rows.</summary>
    public double[] TrainingScores() => [.. Inner.TrainingScores];

    /// <summary>Scores of rows and the reconstruction member's per-column contributions (row-major).</summary>
    public (double[] Scores, double[] Contributions) Score(TabularData rows)
    {
        FeatureMatrix matrix = rows.ToFeatureMatrix();
        lock (modelLock) return Inner.ScoreWithContributions(matrix);
    }

    /// <summary>The model's embeddings of the rows (its final-norm output).</summary>
    public FeatureMatrix Embed(TabularData rows)
    {
        lock (modelLock) return EmbeddingExtractor.Extract(Reconstruction.Model!, rows);
    }

    /// <summary>Frees the detector (and the model when it owns it: a loaded bundle).</summary>
    public void Dispose() => Inner.Dispose();
}
