using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using ResNetTab.Data;
using ResNetTab.Models.Training;
using ResNetTab.SelfSupervised;

namespace ResNetTab.Pipeline;

/// <summary>
/// From OCSF events to a fitted <see cref="AnomalyBundle"/> in one chain: read (OCSF JSON, JSON Lines, CSV, Parquet,
/// <c>.gz</c>; files, folders, globs) → feature plan → TabularResNet pretrained self-supervised with the library's
/// recipe → the default detector → a threshold. The same inputs, options and seed give the same bundle on any machine
/// (a fixed number of epochs, no time budget).
/// </summary>
/// <example><code>
/// using var bundle = AnomalyPipeline.Create().ReadFrom("events/*.jsonl.gz").WithEpochs(8).WithSeed(7).Fit();
/// bundle.Save("model.bundle");
/// foreach (var e in bundle.Score(["today.jsonl"])) if (e.IsAnomaly) Console.WriteLine($"{e.Location} {e.Score:F3}");
/// </code></example>
public sealed class AnomalyPipeline
{
    /// <summary>
    /// Fits run one at a time per process: model initialisation and dropout draw from libtorch's global generator, so two
    /// fits interleaved in one process would not reproduce their results.
    /// </summary>
    private static readonly Lock FitLock = new();

    private readonly List<string> inputs = [];
    private int? epochs;
    private int seed;
    private double contamination = 0.02;
    private PretrainingOptions recipe = PretrainingOptions.Default;
    private FeaturePlanOptions planOptions = new();
    private RecordReaderOptions readerOptions = RecordReaderOptions.Default;
    private string? checkpointPath;
    private ILogger? logger;

    private AnomalyPipeline()
    {
    }

    /// <summary>Starts a pipeline with the library's defaults.</summary>
    /// <returns>The builder.</returns>
    public static AnomalyPipeline Create() => new();

    /// <summary>Adds inputs: files, folders or globs.</summary>
    /// <param name="paths">The inputs.</param>
    /// <returns>This builder.</returns>
    public AnomalyPipeline ReadFrom(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var p in paths) ArgumentException.ThrowIfNullOrEmpty(p, nameof(paths));
        inputs.AddRange(paths);
        return this;
    }

    /// <summary>Pretrains for exactly this many epochs (unless early stopping ends sooner); the recipe's when not called.</summary>
    /// <param name="count">Epochs, at least 1.</param>
    /// <returns>This builder.</returns>
    public AnomalyPipeline WithEpochs(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        epochs = count;
        return this;
    }

    /// <summary>The seed of every random choice (weights, split, shuffles, masks, trees). Default 0.</summary>
    /// <param name="value">The seed.</param>
    /// <returns>This builder.</returns>
    public AnomalyPipeline WithSeed(int value)
    {
        seed = value;
        return this;
    }

    /// <summary>The expected share of anomalies, which sets the threshold. Default 0.02.</summary>
    /// <param name="fraction">In (0, 0.5].</param>
    /// <returns>This builder.</returns>
    public AnomalyPipeline WithContamination(double fraction)
    {
        if (!(fraction > 0 && fraction <= 0.5)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The contamination must lie in (0, 0.5].");
        contamination = fraction;
        return this;
    }

    /// <summary>Replaces the pretraining recipe (its seed, epochs, time budget and checkpoint are set by this builder).</summary>
    /// <param name="options">The recipe.</param>
    /// <returns>This builder.</returns>
    public AnomalyPipeline WithPretraining(PretrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        recipe = options;
        return this;
    }

    /// <summary>Replaces the feature-plan options (entity keys, flattening, caps).</summary>
    /// <param name="options">The options.</param>
    /// <returns>This builder.</returns>
    public AnomalyPipeline WithFeaturePlan(FeaturePlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        planOptions = options;
        return this;
    }

    /// <summary>Replaces the reader options (bad-record policy, CSV header, limits).</summary>
    /// <param name="options">The options.</param>
    /// <returns>This builder.</returns>
    public AnomalyPipeline WithReader(RecordReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        readerOptions = options;
        return this;
    }

    /// <summary>
    /// Writes a pretraining checkpoint after every epoch; a later <see cref="Fit"/> with the same inputs and options resumes
    /// from it and ends with exactly the weights of an uninterrupted run.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <returns>This builder.</returns>
    public AnomalyPipeline WithCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        checkpointPath = path;
        return this;
    }

    /// <summary>Logs each step's outcome.</summary>
    /// <param name="value">The logger.</param>
    /// <returns>This builder.</returns>
    public AnomalyPipeline WithLogger(ILogger value)
    {
        ArgumentNullException.ThrowIfNull(value);
        logger = value;
        return this;
    }

    /// <summary>Reads the inputs, fits every part and returns the fitted bundle (in memory; <see cref="AnomalyBundle.Save"/> writes it).</summary>
    /// <param name="progress">Reports of every step; none when null.</param>
    /// <param name="cancellationToken">Stops after the current batch (<see cref="OperationCanceledException"/>); the last epoch's checkpoint stays.</param>
    /// <returns>The bundle (the caller disposes it).</returns>
    /// <exception cref="InvalidOperationException">No input was given.</exception>
    /// <exception cref="FileNotFoundException">An input matches no file.</exception>
    /// <exception cref="InvalidDataException">The inputs hold too few readable events.</exception>
    public AnomalyBundle Fit(IProgress<PipelineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (inputs.Count == 0) throw new InvalidOperationException("No input: call ReadFrom with files, folders or globs first.");
        var clock = Stopwatch.StartNew();
        var files = InputFingerprint.Expand(inputs);
        var input = InputFingerprint.Compute(files, cancellationToken);

        var (records, summary) = Read(files, input, progress, cancellationToken);
        if (records.Count < 16)
            throw new InvalidDataException($"The inputs hold {records.Count} readable events ({summary.BadRecordCount} bad records skipped); fitting needs at least 16.");
        if (logger?.IsEnabled(LogLevel.Information) == true)
            logger.LogInformation("Read {Events} events from {Files} files ({Bad} bad records skipped)", records.Count, files.Count, summary.BadRecordCount);

        var preprocessor = new TabularPreprocessor(planOptions).Fit(records);
        var batch = preprocessor.Transform(records);
        records.Clear();
        var plan = preprocessor.Plan;
        progress?.Report(new PipelineProgress(PipelineStage.Planning, 1, 1, batch.Rows, string.Create(CultureInfo.InvariantCulture,
            $"feature plan: {plan.Selected.Count()} of {plan.Fields.Count} fields → {batch.NumericalColumns} numerical + {batch.CategoricalColumns} categorical columns")));

        var options = recipe with { Seed = seed, Epochs = epochs ?? recipe.Epochs, TimeBudget = null, CheckpointPath = checkpointPath };
        options = options with { WarmupEpochs = Math.Min(options.WarmupEpochs, options.Epochs) };
        lock (FitLock) return FitModel(input, summary, preprocessor, batch, options, progress, clock, cancellationToken);
    }

    private AnomalyBundle FitModel(InputSummary input, ReadSummary summary, TabularPreprocessor preprocessor, TabularData batch,
        PretrainingOptions options, IProgress<PipelineProgress>? progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        var model = Pretrainer.CreateModel(batch.ToFeatureLayout(), options);
        FittedDetector? detector = null;
        try
        {
            IReadOnlyList<EpochMetrics> history;
            int? best;
            using (var pretrainer = new Pretrainer(model, options))
            {
                var adapter = progress is null ? null : new Progress(progress, batch.Rows);
                history = [.. pretrainer.Fit(batch, adapter, cancellationToken)];
                best = pretrainer.Trainer.BestEpoch;
            }
            if (logger?.IsEnabled(LogLevel.Information) == true) logger.LogInformation("Pretrained {Epochs} epochs", history.Count);
            progress?.Report(new PipelineProgress(PipelineStage.Calibrating, 0, 1, batch.Rows, "fitting the detector"));
            detector = BundleDetector.Fit(model, batch, contamination);
            var map = EmbeddingMap.Fit(detector.Embed(batch));
            var threshold = Threshold.AtContamination(detector.TrainingScores(), contamination);
            progress?.Report(new PipelineProgress(PipelineStage.Calibrating, 1, 1, batch.Rows, string.Create(CultureInfo.InvariantCulture,
                $"threshold {threshold.Value:G6} ({threshold.Method})")));
            var manifest = new BundleManifest
            {
                LibraryVersion = AnomalyBundle.LibraryVersion,
                Input = input with { Events = batch.Rows, BadRecords = summary.BadRecordCount },
                FeatureLayout = preprocessor.Fingerprint,
                Detector = BundleDetector.Name,
                Threshold = threshold,
                Training = new TrainingSummary
                {
                    Rows = batch.Rows,
                    NumericalColumns = batch.NumericalColumns,
                    CategoricalColumns = batch.CategoricalColumns,
                    Recipe = options.Describe(),
                    Epochs = options.Epochs,
                    Seed = seed,
                    BestEpoch = best,
                    Seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                    History = [.. history.Select(h => new EpochSummary(h.Epoch, h.TrainLoss, h.ValidationLoss, Math.Round(h.Seconds, 3)))],
                },
            };
            return new AnomalyBundle(manifest, preprocessor, detector, map, ownedModel: model);
        }
        catch
        {
            detector?.Dispose();
            model.Dispose();
            throw;
        }
    }

    private (List<FlatRecord> Records, ReadSummary Summary) Read(IReadOnlyList<string> files, InputSummary input,
        IProgress<PipelineProgress>? progress, CancellationToken cancellationToken)
    {
        var summary = new ReadSummary();
        var records = new List<FlatRecord>();
        var total = input.Files.Sum(f => f.Bytes);
        long done = 0;
        foreach (var (file, info) in files.Zip(input.Files))
        {
            foreach (var r in RecordReader.ReadFlat(file, planOptions.Flatten, readerOptions, summary))
            {
                records.Add(r);
                if ((records.Count & 2047) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var within = Math.Min(r.Location?.ByteOffset ?? 0, info.Bytes);
                    progress?.Report(new PipelineProgress(PipelineStage.Reading, done + within, total, records.Count));
                }
            }
            done += info.Bytes;
        }
        progress?.Report(new PipelineProgress(PipelineStage.Reading, total, total, records.Count, string.Create(CultureInfo.InvariantCulture,
            $"read {records.Count:N0} events from {files.Count} files; {summary.BadRecordCount} bad records skipped")));
        return (records, summary);
    }

    /// <summary>Forwards the trainer's reports as pipeline reports.</summary>
    private sealed class Progress(IProgress<PipelineProgress> target, long events) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) =>
            target.Report(new PipelineProgress(PipelineStage.Pretraining, ((long)value.Epoch * value.Batches) + value.Batch,
                (long)value.Epochs * value.Batches, events, null, value));
    }
}
