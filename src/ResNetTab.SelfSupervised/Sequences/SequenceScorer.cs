using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Anomaly;
using ResNetTab.Engine.Tensors;
using ResNetTab.Models.Training;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// A <see cref="SequenceAnomalyDetector"/> as a detector of the scorer contract: each input row is one window
/// (<see cref="SequenceWindowSet.ToFeatureMatrix"/>), its score is made as <see cref="SequenceScorerOptions.Score"/> says
/// from the largest next-step error in the window and the normality head's <c>−log P(normal)</c>, each divided by its mean
/// on the training windows. Higher = more anomalous. <see cref="StepScores"/> gives the per-step errors and
/// <see cref="SequenceScores"/> turns window or step scores into per-event and per-entity scores, which join rank ensembles
/// with point detectors.
/// </summary>
/// <remarks><see cref="AnomalyScorerBase.Fit"/> trains a network with <see cref="SequenceScorerOptions.Training"/> unless the scorer
/// was created around a trained one, then calibrates. <see cref="ScorerPersistence"/> saves and loads it, network included.</remarks>
public sealed class SequenceScorer : AnomalyScorerBase, IDisposable
{
    private const string KindName = "SequenceScorer";
    private SequenceAnomalyDetector? model;
    private double nextStepScale = 1;
    private double normalityScale = 1;

    /// <summary>Teaches <see cref="ScorerPersistence"/> this kind as soon as this assembly is loaded.</summary>
#pragma warning disable CA2255 // A library registering its scorer kind with the persistence of another assembly is what module initialisers are for.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => ScorerPersistence.RegisterKind(KindName, LoadModel);

    /// <summary>Creates an unfitted scorer that trains its own network in <see cref="AnomalyScorerBase.Fit"/>.</summary>
    /// <param name="options">The settings; the defaults when null.</param>
    public SequenceScorer(SequenceScorerOptions? options = null)
        : base((options ?? new SequenceScorerOptions()).Contamination)
    {
        Options = options ?? new SequenceScorerOptions();
        Options.Validate();
    }

    /// <summary>Creates an unfitted scorer around a trained network; <see cref="AnomalyScorerBase.Fit"/> only calibrates.</summary>
    /// <param name="trained">The network (the caller keeps ownership).</param>
    /// <param name="options">The settings; the network's shape replaces <see cref="SequenceScorerOptions.Detector"/>.</param>
    public SequenceScorer(SequenceAnomalyDetector trained, SequenceScorerOptions? options = null)
        : this((options ?? new SequenceScorerOptions()) with { Detector = (trained ?? throw new ArgumentNullException(nameof(trained))).Options })
    {
        model = trained;
        Pretrained = true;
    }

    /// <summary>Reads a scorer written by <see cref="ScorerPersistence.Save"/> (the network included).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The scorer.</returns>
    /// <exception cref="InvalidDataException">The file is not a saved sequence scorer.</exception>
    public static SequenceScorer Load(string path) => ScorerPersistence.Load<SequenceScorer>(path);

    /// <summary>The settings.</summary>
    public SequenceScorerOptions Options { get; }

    /// <summary>The network (null before <see cref="AnomalyScorerBase.Fit"/> of a scorer that trains its own).</summary>
    public SequenceAnomalyDetector? Model => model;

    /// <summary>Whether the network was given rather than trained by <see cref="AnomalyScorerBase.Fit"/>.</summary>
    public bool Pretrained { get; }

    /// <summary>The training history when <see cref="AnomalyScorerBase.Fit"/> trained the network; empty otherwise.</summary>
    public IReadOnlyList<EpochMetrics> TrainingHistory { get; private set; } = [];

    /// <summary>Progress of the training in <see cref="AnomalyScorerBase.Fit"/>; none when null.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Mean largest next-step error of the training windows (the divisor of that part).</summary>
    public double NextStepScale => nextStepScale;

    /// <summary>Mean <c>−log P(normal)</c> of the training windows (the divisor of that part).</summary>
    public double NormalityScale => normalityScale;

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>Each window's per-step next-step errors divided by <see cref="NextStepScale"/> (row-major windows × length; 0 for steps without a prediction).</summary>
    /// <param name="x">Windows, one per row.</param>
    /// <returns>The errors.</returns>
    public double[] StepScores(FeatureMatrix x)
    {
        CheckInput(x);
        var (steps, _, _) = Forward(x);
        for (var i = 0; i < steps.Length; i++) steps[i] /= nextStepScale;
        return steps;
    }

    /// <summary>The normality head's P(normal) of each window.</summary>
    /// <param name="x">Windows, one per row.</param>
    /// <returns>Probabilities in [0, 1].</returns>
    public double[] NormalProbabilities(FeatureMatrix x)
    {
        CheckInput(x);
        var (_, _, nll) = Forward(x);
        return [.. nll.Select(v => Math.Exp(-v))];
    }

    /// <inheritdoc />
    protected override double[] FitCore(FeatureMatrix x)
    {
        var windows = SequenceWindowSet.FromFeatureMatrix(x, Options.Length);
        if (model is null)
        {
            model = SequenceTrainer.CreateModel(Options.Detector with { EventFeatures = windows.EventFeatures }, Options.Training.Seed);
            using var trainer = new SequenceTrainer(model, Options.Training);
            TrainingHistory = [.. trainer.Fit(windows, Progress)];
        }
        else if (windows.Width != model.StepWidth)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"X has {x.Columns} columns = {Options.Length} steps × {windows.Width}; the network takes steps of {model.StepWidth}."), nameof(x));
        }
        var (_, largest, nll) = Forward(x);
        nextStepScale = Math.Max(largest.Average(), 1e-12);
        normalityScale = Math.Max(nll.Average(), 1e-12);
        return Negated(Combine(largest, nll));
    }

    /// <inheritdoc />
    protected override double[] ScoreSamplesCore(FeatureMatrix x)
    {
        var (_, largest, nll) = Forward(x);
        return Negated(Combine(largest, nll));
    }

    /// <summary>Frees the network when the scorer trained or loaded it (a given network stays with the caller).</summary>
    public void Dispose()
    {
        if (!Pretrained) model?.Dispose();
        model = null;
    }

    private double[] Combine(double[] largest, double[] nll)
    {
        var scores = new double[largest.Length];
        for (var i = 0; i < scores.Length; i++)
            scores[i] = Options.Score switch
            {
                SequenceScoreKind.NextStep => largest[i] / nextStepScale,
                SequenceScoreKind.Normality => nll[i] / normalityScale,
                _ => (largest[i] / nextStepScale) + (nll[i] / normalityScale),
            };
        return scores;
    }

    /// <summary>Per-step errors (windows × length), each window's largest, and each window's −log P(normal), in evaluation mode.</summary>
    private (double[] Steps, double[] Largest, double[] Nll) Forward(FeatureMatrix x)
    {
        var m = model ?? throw new InvalidOperationException("The scorer has no network.");
        var windows = SequenceWindowSet.FromFeatureMatrix(x, Options.Length);
        if (windows.Width != m.StepWidth)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"X has {x.Columns} columns = {Options.Length} steps × {windows.Width}; the network takes steps of {m.StepWidth}."), nameof(x));
        var length = windows.Length;
        var steps = new double[(long)windows.Count * length];
        var largest = new double[windows.Count];
        var nll = new double[windows.Count];
        var wasTraining = m.training;
        m.eval();
        try
        {
            using var noGrad = no_grad();
            var device = m.parameters().First().device;
            foreach (var batch in new SequenceBatchSource(windows, Options.BatchSize, device: device).Epoch(0))
            {
                using (batch)
                using (NewDisposeScope())
                {
                    var (hidden, last) = m.Encode(batch.Steps);
                    var (errors, _) = NextStepErrors.Compute(batch.Steps, m.PredictNext(hidden), GapWeight);
                    var e = TensorData.ToArray<float>(errors.to(ScalarType.Float32).cpu());
                    var n = TensorData.ToArray<float>(nn.functional.softplus(-m.NormalityLogit(last)).cpu());
                    var first = batch.Windows[0];
                    for (var i = 0; i < batch.Size; i++)
                    {
                        double max = 0;
                        for (var k = 0; k < length; k++)
                        {
                            var v = e[(i * length) + k];
                            steps[((long)(first + i) * length) + k] = v;
                            if (v > max) max = v;
                        }
                        largest[first + i] = max;
                        nll[first + i] = n[i];
                    }
                }
            }
        }
        finally
        {
            m.train(wasTraining);
        }
        return (steps, largest, nll);
    }

    private double GapWeight => Options.Training.Objective.GapWeight;

    private static double[] Negated(double[] scores)
    {
        for (var i = 0; i < scores.Length; i++) scores[i] = -scores[i];
        return scores;
    }

    /// <inheritdoc />
    protected internal override JsonObject SaveModel(ScorerFiles files)
    {
        var m = model ?? throw new InvalidOperationException("The scorer has no network.");
        return new JsonObject
        {
            ["length"] = Options.Length,
            ["score"] = Options.Score.ToString(),
            ["batchSize"] = Options.BatchSize,
            ["gapWeight"] = GapWeight,
            ["nextStepScale"] = nextStepScale,
            ["normalityScale"] = normalityScale,
            ["network"] = DetectorDocument.ToJson(m),
        };
    }

    private static SequenceScorer LoadModel(JsonObject document, Contamination contamination, ScorerFiles files)
    {
        T Get<T>(string name)
        {
            try
            {
                return document[name] is { } node ? node.Deserialize<T>()! : throw new InvalidDataException($"Saved scorer is missing the field '{name}'.");
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                throw new InvalidDataException($"Saved scorer field '{name}' is malformed: {ex.Message}", ex);
            }
        }
        var network = DetectorDocument.FromJson(document["network"] as JsonObject ?? throw new InvalidDataException("Saved scorer is missing the field 'network'."));
        try
        {
            var score = Enum.TryParse<SequenceScoreKind>(Get<string>("score"), out var s) && Enum.IsDefined(s)
                ? s : throw new InvalidDataException($"Saved scorer has an unknown score kind '{Get<string>("score")}'.");
            var options = new SequenceScorerOptions
            {
                Length = Get<int>("length"),
                Score = score,
                BatchSize = Get<int>("batchSize"),
                Detector = network.Options,
                Training = new SequenceTrainingOptions { Objective = new SequenceObjectiveOptions { GapWeight = Get<double>("gapWeight") } },
                Contamination = contamination,
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new InvalidDataException($"Saved scorer settings are out of range: {ex.Message}", ex);
            }
            var next = Get<double>("nextStepScale");
            var normality = Get<double>("normalityScale");
            if (!(next > 0) || !(normality > 0) || double.IsInfinity(next) || double.IsInfinity(normality))
                throw new InvalidDataException("Saved scorer has a scale that is not a positive finite number.");
            return new SequenceScorer(options) { model = network, nextStepScale = next, normalityScale = normality };
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
