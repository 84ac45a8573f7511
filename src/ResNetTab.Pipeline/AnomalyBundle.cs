using System.Reflection;
using ResNetTab.Data;
using ResNetTab.SelfSupervised;

namespace ResNetTab.Pipeline;

/// <summary>
/// A fitted, deployable anomaly detector for OCSF events: the preprocessor (feature plan and encoders), the pretrained
/// TabularResNet (safetensors, PyTorch names), the default detector's scorers and transforms, the threshold, and a
/// manifest that ties them together with checksums. <see cref="Save"/> writes it as a folder or a <c>.zip</c>;
/// <see cref="Load"/> refuses a bundle whose parts are missing, damaged or do not belong together.
/// </summary>
/// <remarks>
/// A bundle is immutable and safe to use from many threads at once: concurrent <see cref="Score"/> calls give the same
/// results as sequential ones. <see cref="Dispose"/> waits for the batches being scored and makes later calls throw
/// <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed partial class AnomalyBundle : IDisposable
{
    private readonly FittedDetector detector;
    private readonly EmbeddingMap map;
    private readonly IDisposable? ownedModel;
    private readonly string[] columnFields;
    private readonly string[] fields;
    private readonly int[] columnFieldIndex;
    private readonly UsageGate gate = new(nameof(AnomalyBundle));

    internal AnomalyBundle(BundleManifest manifest, TabularPreprocessor preprocessor, FittedDetector detector, EmbeddingMap map, IDisposable? ownedModel)
    {
        Manifest = manifest;
        Preprocessor = preprocessor;
        this.detector = detector;
        this.map = map;
        this.ownedModel = ownedModel;
        columnFields = ColumnFields(preprocessor);
        fields = [.. columnFields.Distinct(StringComparer.Ordinal)];
        var index = fields.Select((f, i) => (f, i)).ToDictionary(t => t.f, t => t.i, StringComparer.Ordinal);
        columnFieldIndex = [.. columnFields.Select(f => index[f])];
    }

    /// <summary>The version of this library, as written to manifests.</summary>
    public static string LibraryVersion { get; } =
        typeof(AnomalyBundle).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(AnomalyBundle).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>The manifest (versions, input fingerprint, training summary, threshold, part checksums once saved or loaded).</summary>
    public BundleManifest Manifest { get; private set; }

    /// <summary>The fitted preprocessor: the inferred feature plan and the encoders.</summary>
    public TabularPreprocessor Preprocessor { get; }

    /// <summary>The inferred feature plan (every field seen at fit, its kind, why, and its encoding).</summary>
    public FeaturePlan FeaturePlan => Preprocessor.Plan;

    /// <summary>An event is labelled anomalous when its score is above this value.</summary>
    public double Threshold => Manifest.Threshold.Value;

    /// <summary>Width of the model's embeddings.</summary>
    public int EmbeddingWidth => Model.EmbeddingDim;

    private SelfSupervisedModel Model => detector.Reconstruction.Model ?? throw new InvalidOperationException("The bundle has no model.");

    /// <summary>
    /// Waits for the batches being scored on other threads, then frees the model's native memory; later calls throw
    /// <see cref="ObjectDisposedException"/>. Safe to call more than once and from any thread.
    /// </summary>
    public void Dispose()
    {
        if (!gate.Close()) return;
        detector.Dispose();
        ownedModel?.Dispose();
    }

    /// <summary>The source field of every model column (numerical, then categorical), from the encoders that produce them.</summary>
    private static string[] ColumnFields(TabularPreprocessor preprocessor)
    {
        var numerical = new Dictionary<string, string>(StringComparer.Ordinal);
        var categorical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in preprocessor.Encoders)
        {
            foreach (var n in e.NumericalNames()) numerical.TryAdd(n, e.Field);
            foreach (var n in e.CategoricalNames()) categorical.TryAdd(n, e.Field);
        }
        return [.. preprocessor.NumericalNames.Select(n => numerical.GetValueOrDefault(n, n)),
            .. preprocessor.CategoricalNames.Select(n => categorical.GetValueOrDefault(n, n))];
    }
}
