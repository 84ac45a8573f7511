using ResNetTab.Models.Training;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// Trains a <see cref="SequenceAnomalyDetector"/> self-supervised on the generic <see cref="Trainer{TBatch}"/>: the
/// <see cref="SequenceObjective"/>, AdamW, gradient clipping, a seeded held-out validation share watched by early stopping
/// (the best epoch's weights are kept), a time budget, and checkpoints that resume exactly.
/// </summary>
public sealed class SequenceTrainer : IDisposable
{
    /// <summary>Creates the trainer.</summary>
    /// <param name="model">The network.</param>
    /// <param name="options">The recipe; the defaults when null.</param>
    public SequenceTrainer(SequenceAnomalyDetector model, SequenceTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new SequenceTrainingOptions();
        Options.Validate();
        var o = Options;
        Model = model;
        Objective = new SequenceObjective(model, o.Objective with { Seed = o.Seed });
        Trainer = new Trainer<SequenceBatch>(Objective,
            p => new FusedAdamW(p, o.LearningRate, weightDecay: o.WeightDecay),
            null,
            new TrainerOptions
            {
                Epochs = o.Epochs,
                GradientClipNorm = o.GradientClipNorm,
                EarlyStoppingPatience = o.EarlyStoppingPatience,
                RestoreBestWeights = true,
                TimeBudget = o.TimeBudget,
                CheckpointPath = o.CheckpointPath,
                ProgressInterval = 50,
            });
    }

    /// <summary>The network.</summary>
    public SequenceAnomalyDetector Model { get; }

    /// <summary>The recipe.</summary>
    public SequenceTrainingOptions Options { get; }

    /// <summary>The objective.</summary>
    public SequenceObjective Objective { get; }

    /// <summary>The generic loop underneath (history, best epoch, checkpoints).</summary>
    public Trainer<SequenceBatch> Trainer { get; }

    /// <summary>The metrics of every completed epoch.</summary>
    public IReadOnlyList<EpochMetrics> History => Trainer.History;

    /// <summary>A network of the given shape initialised from <paramref name="seed"/> (the global generator is seeded).</summary>
    /// <param name="options">The shape.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The network.</returns>
    public static SequenceAnomalyDetector CreateModel(SequenceAnomalyDetectorOptions options, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        manual_seed(seed);
        return new SequenceAnomalyDetector(options);
    }

    /// <summary>
    /// Trains on <paramref name="windows"/>: a seeded <see cref="SequenceTrainingOptions.ValidationFraction"/> is held out for
    /// the validation loss, the rest is shuffled every epoch. Resumes from <see cref="SequenceTrainingOptions.CheckpointPath"/>
    /// when that file exists.
    /// </summary>
    /// <param name="windows">The unlabelled windows.</param>
    /// <param name="progress">Progress reports; none when null.</param>
    /// <param name="cancellationToken">Stops after the current batch.</param>
    /// <returns>The metrics of every epoch.</returns>
    /// <exception cref="ArgumentException">The windows do not fit the network, or fewer than 2 remain for training.</exception>
    public IReadOnlyList<EpochMetrics> Fit(SequenceWindowSet windows, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Width != Model.StepWidth)
            throw new ArgumentException($"The windows have {windows.Width} values per step; the network takes {Model.StepWidth}.", nameof(windows));
        var order = Enumerable.Range(0, windows.Count).ToArray();
        var held = (int)Math.Round(windows.Count * Options.ValidationFraction);
        int[] train = order, validation = [];
        if (held >= 2 && windows.Count - held >= 2)
        {
            new Random(Options.Seed).Shuffle(order);
            train = order[held..];
            validation = order[..held];
        }
        var batch = Math.Min(Options.BatchSize, train.Length);
        if (batch < 2) throw new ArgumentException($"Training needs at least 2 windows after the validation split; got {train.Length}.", nameof(windows));
        var device = Model.parameters().First().device;
        return Fit(new SequenceBatchSource(windows, batch, shuffle: true, seed: Options.Seed, dropLast: true, device: device, subset: train),
            validation.Length == 0 ? null : new SequenceBatchSource(windows, Options.BatchSize, device: device, subset: validation),
            progress, cancellationToken);
    }

    /// <summary>Trains on batch sources; resumes from the checkpoint when it exists.</summary>
    /// <param name="train">Training batches (a seeded source keeps resumes exact).</param>
    /// <param name="validation">Validation batches for early stopping; the training loss is watched when null.</param>
    /// <param name="progress">Progress reports; none when null.</param>
    /// <param name="cancellationToken">Stops after the current batch.</param>
    /// <returns>The metrics of every epoch.</returns>
    public IReadOnlyList<EpochMetrics> Fit(IBatchSource<SequenceBatch> train, IBatchSource<SequenceBatch>? validation = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (Options.CheckpointPath is { } path && File.Exists(path) && Trainer.CompletedEpochs == 0) Trainer.LoadCheckpoint(path);
        else if (Trainer.CompletedEpochs == 0) manual_seed(Options.Seed);
        return Trainer.Fit(train, validation, progress, cancellationToken);
    }

    /// <summary>Frees the optimizer state (the network stays with the caller).</summary>
    public void Dispose() => Trainer.Dispose();
}
