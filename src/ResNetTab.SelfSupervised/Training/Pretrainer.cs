using ResNetTab.Models.Tabular;
using ResNetTab.Models.Training;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// Pretrains a <see cref="SelfSupervisedModel"/> on the generic <see cref="Trainer{TBatch}"/>: the
/// <see cref="SelfSupervisedObjective"/>, AdamW with linear warm-up and per-step cosine decay, gradient clipping, a
/// held-out unlabelled validation split scored every epoch, early stopping that restores the best epoch, a time
/// budget, and atomic checkpoints that resume exactly (model, heads, optimizer, schedule position, random generator).
/// </summary>
/// <example><code>
/// TabularData data = preprocessor.Transform(records);
/// using var model = Pretrainer.CreateModel(preprocessor.ToFeatureLayout(), PretrainingOptions.Default with { Epochs = 10 });
/// using var pretrainer = new Pretrainer(model); // trains with the model's recipe
/// pretrainer.Fit(data, new TextTrainingProgress(Console.Out));
/// model.Save("model.safetensors");
/// FeatureMatrix embeddings = EmbeddingExtractor.Extract(model, data);
/// </code></example>
public sealed class Pretrainer : IDisposable
{
    /// <summary>Creates the trainer (AdamW, warm-up + cosine, the recipe's stopping rules).</summary>
    /// <param name="model">The model to pretrain.</param>
    /// <param name="options">
    /// The recipe: the model's own <see cref="SelfSupervisedModel.Recipe"/> when null. Another recipe may change only
    /// training settings (epochs, optimiser, objective, schedule, stopping, seed); its architecture settings must be the
    /// model's. Fitting makes it the model's recipe.
    /// </param>
    /// <exception cref="ArgumentException">The recipe's architecture differs from the model's (the message names the setting).</exception>
    public Pretrainer(SelfSupervisedModel model, PretrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? model.Recipe;
        Options.Validate();
        Options.EnsureArchitectureOf(model);
        var o = Options;
        Model = model;
        Objective = new SelfSupervisedObjective(model, o.Objective with { Seed = o.Seed });
        Trainer = new Trainer<TabularBatch>(Objective,
            p => new FusedAdamW(p, o.LearningRate, weightDecay: o.WeightDecay),
            new CosineSchedule(o.Epochs, 0, o.WarmupEpochs, PerStep: true),
            new TrainerOptions
            {
                Epochs = o.Epochs,
                GradientClipNorm = o.GradientClipNorm,
                EarlyStoppingPatience = o.EarlyStoppingPatience,
                RestoreBestWeights = true,
                TimeBudget = o.TimeBudget,
                CheckpointPath = o.CheckpointPath,
                ProgressInterval = 50,
                MixedPrecision = o.MixedPrecision ? ScalarType.BFloat16 : null,
            });
    }

    /// <summary>The model being pretrained.</summary>
    public SelfSupervisedModel Model { get; }

    /// <summary>The recipe.</summary>
    public PretrainingOptions Options { get; }

    /// <summary>The objective.</summary>
    public SelfSupervisedObjective Objective { get; }

    /// <summary>The generic loop underneath (history, best epoch, checkpoints).</summary>
    public Trainer<TabularBatch> Trainer { get; }

    /// <summary>The metrics of every completed epoch.</summary>
    public IReadOnlyList<EpochMetrics> History => Trainer.History;

    /// <summary>
    /// A model for the layout's columns with the recipe's architecture, initialised from <see cref="PretrainingOptions.Seed"/>
    /// (the global generator is seeded). The model remembers the recipe: <c>new Pretrainer(model)</c> trains with it.
    /// </summary>
    /// <param name="layout">Numerical names, categorical names and cardinalities.</param>
    /// <param name="options">The recipe; <see cref="PretrainingOptions.Default"/> when null.</param>
    /// <returns>The model.</returns>
    public static SelfSupervisedModel CreateModel(TabularFeatureLayout layout, PretrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var o = options ?? PretrainingOptions.Default;
        o.Validate();
        manual_seed(o.Seed);
        var encoder = layout.ApplyTo(new TabularResNetOptions { Width = o.Width, Blocks = o.Blocks, Dropout = o.Dropout });
        return new SelfSupervisedModel(new SelfSupervisedModelOptions { Encoder = encoder, NumericalMask = o.NumericalMask, ProjectionDim = o.ProjectionDim }, o);
    }

    /// <summary>A model for <paramref name="numericalColumns"/> unnamed numerical and the given categorical columns.</summary>
    /// <param name="numericalColumns">Numerical columns.</param>
    /// <param name="cardinalities">Cardinality of each categorical column.</param>
    /// <param name="options">The recipe; <see cref="PretrainingOptions.Default"/> when null.</param>
    /// <returns>The model.</returns>
    public static SelfSupervisedModel CreateModel(int numericalColumns, IReadOnlyList<int> cardinalities, PretrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cardinalities);
        return CreateModel(new TabularFeatureLayout(
            [.. Enumerable.Range(0, numericalColumns).Select(i => $"num{i}")],
            [.. Enumerable.Range(0, cardinalities.Count).Select(i => $"cat{i}")],
            cardinalities), options);
    }

    /// <summary>
    /// Pretrains on <paramref name="data"/>: a seeded <see cref="PretrainingOptions.ValidationFraction"/> of the rows is
    /// held out for the validation loss, the rest is shuffled every epoch. Resumes from
    /// <see cref="PretrainingOptions.CheckpointPath"/> when that file exists.
    /// </summary>
    /// <param name="data">The unlabelled rows.</param>
    /// <param name="progress">Progress reports (per epoch and every 50 batches); none when null.</param>
    /// <param name="cancellationToken">Stops after the current batch.</param>
    /// <returns>The metrics of every epoch.</returns>
    /// <exception cref="ArgumentException">The rows are empty, do not fit the model, hold NaN/infinity or indices out of range.</exception>
    public IReadOnlyList<EpochMetrics> Fit(TabularData data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var use = Model.Use();
        data.EnsureFits(Model.NumericalColumns, Model.Cardinalities, "training rows");
        var (train, validation) = Split(data.Rows);
        var device = Model.heads.parameters().First().device;
        var batch = Math.Min(Options.BatchSize, train.Length);
        if (batch < 2) throw new ArgumentException($"Pretraining needs at least 2 training rows after the validation split; got {train.Length}.", nameof(data));
        return Fit(new TabularBatchSource(data, batch, shuffle: true, seed: Options.Seed, dropLast: true, device: device, subset: train),
            validation is null ? null : new TabularBatchSource(data, Options.BatchSize, device: device, subset: validation),
            progress, cancellationToken);
    }

    /// <summary>Pretrains on batch sources (for streaming sources or an own split); resumes from the checkpoint when it exists.</summary>
    /// <param name="train">Training batches (a seeded source keeps resumes exact).</param>
    /// <param name="validation">Validation batches for early stopping; the training loss is watched when null.</param>
    /// <param name="progress">Progress reports; none when null.</param>
    /// <param name="cancellationToken">Stops after the current batch.</param>
    /// <returns>The metrics of every epoch.</returns>
    public IReadOnlyList<EpochMetrics> Fit(IBatchSource<TabularBatch> train, IBatchSource<TabularBatch>? validation = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        // Held for the whole run: backward and the optimizer touch the parameters outside any forward.
        using var use = Model.Use();
        Model.Recipe = Options;
        if (Options.CheckpointPath is { } path && File.Exists(path) && Trainer.CompletedEpochs == 0) Trainer.LoadCheckpoint(path);
        else if (Trainer.CompletedEpochs == 0) manual_seed(Options.Seed);
        return Trainer.Fit(train, validation, progress, cancellationToken);
    }

    /// <summary>Frees the optimizer state (the model stays with the caller).</summary>
    public void Dispose() => Trainer.Dispose();

    /// <summary>Training and validation row indices: a seeded share held out (none when it would leave fewer than 2 rows on a side).</summary>
    private (int[] Train, int[]? Validation) Split(int rows)
    {
        var order = Enumerable.Range(0, rows).ToArray();
        var held = (int)Math.Round(rows * Options.ValidationFraction);
        if (held < 2 || rows - held < 2) return (order, null);
        new Random(Options.Seed).Shuffle(order);
        return (order[held..], order[..held]);
    }
}
