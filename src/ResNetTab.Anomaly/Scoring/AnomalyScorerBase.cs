using System.Text.Json.Nodes;

namespace ResNetTab.Anomaly;

/// <summary>
/// Shared implementation of <see cref="IAnomalyScorer"/>: input checks, offsets from contamination,
/// thresholds, labels and probabilities. Detectors supply the scikit-learn-signed <c>score_samples</c>.
/// </summary>
public abstract class AnomalyScorerBase : IAnomalyScorer
{
    private double[] _trainingScores = [];
    private double _trainMin, _trainMax, _trainMean, _trainStd;

    /// <summary>Creates an unfitted scorer.</summary>
    /// <param name="contamination">Expected share of anomalies, or 'auto'.</param>
    protected AnomalyScorerBase(Contamination contamination) => Contamination = contamination;

    /// <inheritdoc />
    public bool IsFitted { get; private set; }

    /// <inheritdoc />
    public int FeatureCount { get; private set; }

    /// <inheritdoc />
    public Contamination Contamination { get; }

    /// <inheritdoc />
    public double Offset { get; private set; }

    /// <inheritdoc />
    public double Threshold => -Offset;

    /// <inheritdoc />
    public IReadOnlyList<double> TrainingScores => _trainingScores;

    /// <summary>The smallest number of training rows this detector accepts.</summary>
    protected virtual int MinSamples => 2;

    /// <summary>The offset used with <see cref="Contamination.Auto"/>, or null to use <see cref="Contamination.DefaultFraction"/>.</summary>
    protected virtual double? AutoOffset => null;

    /// <summary>Fits the model and returns scikit-learn-signed scores of the training rows.</summary>
    /// <param name="x">Validated training samples.</param>
    protected abstract double[] FitCore(FeatureMatrix x);

    /// <summary>scikit-learn-signed scores (higher = more normal) of validated rows.</summary>
    /// <param name="x">Samples with the fitted feature count.</param>
    protected abstract double[] ScoreSamplesCore(FeatureMatrix x);

    /// <inheritdoc />
    public void Fit(FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rows < MinSamples)
            throw new ArgumentException(
                $"{GetType().Name} needs at least {MinSamples} training samples, got {x.Rows}.", nameof(x));
        IsFitted = false;
        FeatureCount = x.Columns;
        FitFromParts(x.Columns, FitCore(x));
    }

    /// <inheritdoc />
    public double[] ScoreSamples(FeatureMatrix x)
    {
        CheckInput(x);
        return ScoreSamplesCore(x);
    }

    /// <inheritdoc />
    public double[] Score(FeatureMatrix x)
    {
        var s = ScoreSamples(x);
        for (int i = 0; i < s.Length; i++) s[i] = -s[i];
        return s;
    }

    /// <inheritdoc />
    public double[] DecisionFunction(FeatureMatrix x)
    {
        var s = ScoreSamples(x);
        for (int i = 0; i < s.Length; i++) s[i] -= Offset;
        return s;
    }

    /// <inheritdoc />
    public int[] Predict(FeatureMatrix x) => Label(Score(x));

    /// <inheritdoc />
    public int[] FitPredict(FeatureMatrix x)
    {
        Fit(x);
        return Label(_trainingScores);
    }

    /// <inheritdoc />
    public double[,] PredictProba(FeatureMatrix x, ProbabilityMethod method = ProbabilityMethod.Linear)
    {
        var s = Score(x);
        var p = new double[s.Length, 2];
        for (int i = 0; i < s.Length; i++)
        {
            double outlier = method switch
            {
                // MinMaxScaler leaves a zero range unscaled, as scikit-learn does.
                ProbabilityMethod.Linear => (s[i] - _trainMin) / (_trainMax > _trainMin ? _trainMax - _trainMin : 1.0),
                ProbabilityMethod.Unify => MathNet.Numerics.SpecialFunctions.Erf(
                    (s[i] - _trainMean) / ((_trainStd > 0 ? _trainStd : 1.0) * Math.Sqrt(2))),
                _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown probability method."),
            };
            outlier = Math.Clamp(outlier, 0, 1);
            p[i, 0] = 1 - outlier;
            p[i, 1] = outlier;
        }
        return p;
    }

    /// <summary>Throws unless fitted and <paramref name="x"/> has the fitted feature count.</summary>
    /// <param name="x">Input to check.</param>
    protected void CheckInput(FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!IsFitted) throw new InvalidOperationException($"This {GetType().Name} is not fitted yet; call Fit first.");
        if (x.Columns != FeatureCount)
            throw new ArgumentException(
                $"X has {x.Columns} features, but {GetType().Name} was fitted with {FeatureCount} features.", nameof(x));
    }

    private int[] Label(double[] scores)
    {
        var labels = new int[scores.Length];
        double threshold = Threshold;
        for (int i = 0; i < labels.Length; i++) labels[i] = scores[i] > threshold ? 1 : 0;
        return labels;
    }

    private void SetFitted(int features, double offset, double[] trainingScores)
    {
        FeatureCount = features;
        Offset = offset;
        _trainingScores = trainingScores;
        _trainMin = trainingScores.Length > 0 ? trainingScores.Min() : 0;
        _trainMax = trainingScores.Length > 0 ? trainingScores.Max() : 0;
        double mean = 0, sq = 0;
        foreach (double v in trainingScores) mean += v;
        mean /= Math.Max(1, trainingScores.Length);
        foreach (double v in trainingScores) sq += (v - mean) * (v - mean);
        _trainMean = mean;
        _trainStd = Math.Sqrt(sq / Math.Max(1, trainingScores.Length)); // population std, as np.std
        IsFitted = true;
    }

    /// <summary>
    /// The stable name of this scorer's type in saved files. A scorer defined outside this library registers a loader
    /// under it with <see cref="ScorerPersistence.RegisterKind"/>.
    /// </summary>
    public abstract string Kind { get; }

    /// <summary>
    /// The scorer's own fitted state (settings and model) as JSON, for <see cref="ScorerPersistence.Save"/>. The shared
    /// state (feature count, contamination, offset, training scores) is saved and restored by the library; the loader
    /// registered for <see cref="Kind"/> rebuilds the scorer from this object. Tensors belong in side files written
    /// through <paramref name="files"/>, not in the JSON.
    /// </summary>
    /// <param name="files">Writes files beside the scorer file and returns checksummed references to keep in the JSON.</param>
    /// <returns>The fitted state.</returns>
    protected internal abstract JsonObject SaveModel(ScorerFiles files);

    /// <summary>Restores the shared fitted state after a detector's model was loaded.</summary>
    internal void RestoreFitted(int features, double offset, double[] trainingScores)
    {
        CheckLoaded(features);
        SetFitted(features, offset, trainingScores);
    }

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> when a loaded model cannot serve <paramref name="featureCount"/>
    /// columns (a saved file whose parts disagree); the built-in kinds check their own arrays.
    /// </summary>
    internal virtual void CheckLoaded(int featureCount)
    {
    }

    /// <summary>Marks a scorer built from explicit parts (for example hand-made trees) as fitted.</summary>
    /// <param name="features">Feature count.</param>
    /// <param name="trainingScoreSamples">scikit-learn-signed scores of the training rows used for the offset.</param>
    internal void FitFromParts(int features, double[] trainingScoreSamples)
    {
        double offset = Contamination.IsAuto && AutoOffset is double auto
            ? auto
            : Percentile.Of(trainingScoreSamples, 100.0 * (Contamination.IsAuto ? Contamination.DefaultFraction : Contamination.Fraction));
        var scores = new double[trainingScoreSamples.Length];
        for (int i = 0; i < scores.Length; i++) scores[i] = -trainingScoreSamples[i];
        SetFitted(features, offset, scores);
    }
}
