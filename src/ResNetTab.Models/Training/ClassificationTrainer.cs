using System.Diagnostics;
using ResNetTab.Models.Data;
using ResNetTab.Torch.Optimizers;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Models.Training;

/// <summary>
/// Trains a classifier (a module from inputs to logits, such as a <see cref="Vision.ResNet"/>) with
/// cross-entropy, SGD with momentum and weight decay, and a per-epoch cosine learning-rate schedule
/// (<see cref="ClassificationTrainerOptions"/>). Reports progress, records per-epoch loss and accuracy,
/// writes a checkpoint after every epoch and resumes from one.
/// </summary>
/// <remarks>
/// Epoch <c>e</c> trains on <c>train.Epoch(e)</c>, so with a seeded <see cref="DataLoader"/> a run resumed
/// from a checkpoint visits the same shuffles and augmentations as an uninterrupted one. The model must
/// already be on the device the loaders move batches to.
/// </remarks>
/// <example><code>
/// using var model = ResNetBuilder.ResNet18().WithCifarStem().WithClasses(10).Build();
/// using var trainer = new ClassificationTrainer(model, new ClassificationTrainerOptions { Epochs = 30, CheckpointPath = "run/last.safetensors" });
/// if (File.Exists("run/last.safetensors")) trainer.LoadCheckpoint("run/last.safetensors");
/// trainer.Fit(trainLoader, testLoader, new TextTrainingProgress(Console.Out));
/// </code></example>
public sealed class ClassificationTrainer : IDisposable
{
    private readonly List<EpochMetrics> history = [];
    private CosineAnnealingLR scheduler;
    private bool disposed;

    /// <summary>Creates a trainer with a fresh optimizer and schedule.</summary>
    /// <param name="model">The classifier; its output must be logits of shape [batch, classes].</param>
    /// <param name="options">The settings; the defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public ClassificationTrainer(nn.Module<Tensor, Tensor> model, ClassificationTrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new ClassificationTrainerOptions();
        Options.Validate();
        Model = model;
        Optimizer = new SGD(model.parameters(), Options.LearningRate, momentum: Options.Momentum,
            weight_decay: Options.WeightDecay, nesterov: Options.Nesterov);
        scheduler = NewSchedule(lastEpoch: -1);
    }

    /// <summary>The model being trained.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>The settings.</summary>
    public ClassificationTrainerOptions Options { get; }

    /// <summary>The optimizer (owned by the trainer).</summary>
    public SGD Optimizer { get; }

    /// <summary>The learning-rate schedule, stepped once per epoch.</summary>
    public LRScheduler Scheduler => scheduler;

    /// <summary>Epochs completed so far (after a resume, those of the checkpoint included); the next epoch's index.</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>The metrics of every completed epoch, in order.</summary>
    public IReadOnlyList<EpochMetrics> History => history;

    /// <summary>The learning rate the next epoch trains with.</summary>
    public double LearningRate => Optimizer.param_groups[0].lr;

    /// <summary>
    /// Trains from epoch <see cref="CompletedEpochs"/> to <see cref="ClassificationTrainerOptions.Epochs"/>,
    /// evaluating on <paramref name="validation"/> after each epoch when given, and writing
    /// <see cref="ClassificationTrainerOptions.CheckpointPath"/> after each epoch when set.
    /// </summary>
    /// <param name="train">The training batches (inputs and integer class targets).</param>
    /// <param name="validation">Batches evaluated after every epoch; none when null.</param>
    /// <param name="progress">Receives progress reports; none when null.</param>
    /// <param name="cancellationToken">Stops training after the current batch with an <see cref="OperationCanceledException"/>;
    /// the epochs completed before stay recorded (and checkpointed).</param>
    /// <returns>The metrics of every completed epoch.</returns>
    /// <exception cref="ArgumentException">A batch does not fit the model (shapes, class indices).</exception>
    /// <exception cref="ArithmeticException">The loss became NaN or infinite.</exception>
    public IReadOnlyList<EpochMetrics> Fit(DataLoader train, DataLoader? validation = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ThrowIfDisposed();
        while (CompletedEpochs < Options.Epochs)
        {
            var epoch = CompletedEpochs;
            var clock = Stopwatch.StartNew();
            var lr = LearningRate;
            var (loss, accuracy, samples) = RunEpoch(train, epoch, training: true, progress, cancellationToken);
            EvaluationResult? eval = validation is null ? null : RunEpoch(validation, 0, training: false, null, cancellationToken);
            scheduler.step();
            var metrics = new EpochMetrics(epoch, lr, loss, accuracy, eval?.Loss, eval?.Accuracy, samples, clock.Elapsed.TotalSeconds);
            history.Add(metrics);
            CompletedEpochs = epoch + 1;
            if (Options.CheckpointPath is { } path) SaveCheckpoint(path);
            progress?.Report(new TrainingProgress(epoch, Options.Epochs, train.Count, train.Count, loss, accuracy, lr,
                metrics.SamplesPerSecond, metrics));
        }
        return history;
    }

    /// <summary>Loss and accuracy of the model in evaluation mode on every batch of <paramref name="data"/> (epoch 0 of the loader).</summary>
    /// <exception cref="ArgumentException">A batch does not fit the model.</exception>
    public EvaluationResult Evaluate(DataLoader data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfDisposed();
        var wasTraining = Model.training;
        try
        {
            return RunEpoch(data, 0, training: false, null, cancellationToken);
        }
        finally
        {
            Model.train(wasTraining);
        }
    }

    /// <summary>Writes a checkpoint of the current state (see <see cref="TrainingCheckpoint"/>) atomically.</summary>
    public void SaveCheckpoint(string path)
    {
        ThrowIfDisposed();
        TrainingCheckpoint.Save(path, Model, Optimizer, CompletedEpochs, Options, history);
    }

    /// <summary>
    /// Restores the model, the optimizer, the schedule position and the history from a checkpoint, so the
    /// next <see cref="Fit"/> continues at epoch <see cref="CompletedEpochs"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="ResNetTab.Torch.Serialization.SafetensorsFormatException">The file is not a training checkpoint.</exception>
    /// <exception cref="InvalidOperationException">The checkpoint was made with a different schedule, or for more epochs than this run has.</exception>
    /// <exception cref="ResNetTab.Torch.Modules.StateDictMismatchException">The checkpoint's model does not match this model.</exception>
    public void LoadCheckpoint(string path)
    {
        ThrowIfDisposed();
        using var checkpoint = TrainingCheckpoint.Load(path);
        var saved = CheckpointDocument.Schedule.From(checkpoint.Schedule);
        var mine = CheckpointDocument.Schedule.From(Options);
        if (saved != mine)
            throw new InvalidOperationException(
                $"Checkpoint '{path}' was made with the schedule {Describe(checkpoint.Schedule)}; this trainer has {Describe(Options)}. " +
                "Resume with the same settings (the cosine schedule depends on them).");
        if (checkpoint.CompletedEpochs > Options.Epochs)
            throw new InvalidOperationException($"Checkpoint '{path}' has {checkpoint.CompletedEpochs} completed epochs, more than the run's {Options.Epochs}.");

        Model.load_state_dict(checkpoint.ModelState, strict: true);
        Optimizer.load_state_dict(checkpoint.OptimizerState);
        CompletedEpochs = checkpoint.CompletedEpochs;
        history.Clear();
        history.AddRange(checkpoint.History);
        // The groups carry "initial_lr" from the checkpoint; the schedule picks up at the next epoch in closed form.
        scheduler = CompletedEpochs == 0 ? NewSchedule(-1) : NewSchedule(CompletedEpochs - 1);
    }

    /// <summary>Frees the optimizer's state.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Optimizer.Dispose();
    }

    private CosineAnnealingLR NewSchedule(int lastEpoch) =>
        new(Optimizer, T_max: Options.Epochs, eta_min: Options.MinLearningRate, last_epoch: lastEpoch);

    private static string Describe(ClassificationTrainerOptions o) =>
        $"(epochs {o.Epochs}, lr {o.LearningRate} → {o.MinLearningRate}, momentum {o.Momentum}, weight decay {o.WeightDecay}, " +
        $"nesterov {o.Nesterov}, label smoothing {o.LabelSmoothing})";

    /// <summary>One pass over a loader's epoch: training steps, or evaluation under no_grad.</summary>
    private EvaluationResult RunEpoch(DataLoader loader, int epoch, bool training, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        Model.train(training);
        using var noGrad = training ? null : no_grad();
        var clock = Stopwatch.StartNew();
        double lossSum = 0;
        long correct = 0, seen = 0;
        var batches = loader.Count;
        var lr = LearningRate;
        foreach (var batch in loader.Epoch(epoch, cancellationToken))
        {
            using (batch)
            using (NewDisposeScope())
            {
                var (inputs, targets) = batch;
                var logits = Model.call(inputs);
                CheckShapes(logits, targets, batch.Index);
                var loss = nn.functional.cross_entropy(logits, targets, label_smoothing: Options.LabelSmoothing);
                if (training)
                {
                    Optimizer.zero_grad(set_to_none: true);
                    loss.backward();
                    Optimizer.step();
                }
                var batchLoss = loss.item<float>();
                if (!float.IsFinite(batchLoss))
                    throw new ArithmeticException(
                        $"The loss became {batchLoss} at epoch {epoch}, batch {batch.Index} ({(training ? "training" : "evaluation")}, learning rate {lr:G4}); " +
                        "lower the learning rate or check the inputs for NaN/inf.");
                lossSum += (double)batchLoss * batch.Size;
                correct += logits.argmax(1).eq(targets).sum().item<long>();
                seen += batch.Size;
            }
            var done = batch.Index + 1;
            if (progress is not null && (done % Options.ProgressInterval == 0 || done == batches))
                progress.Report(new TrainingProgress(epoch, Options.Epochs, done, batches, lossSum / seen, (double)correct / seen, lr,
                    seen / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
        }
        if (seen == 0) throw new ArgumentException("The loader produced no batches (empty dataset, or drop_last with fewer samples than a batch).", nameof(loader));
        return new EvaluationResult(lossSum / seen, (double)correct / seen, seen);
    }

    private static void CheckShapes(Tensor logits, Tensor targets, int batchIndex)
    {
        if (logits.dim() != 2)
            throw new ArgumentException($"Batch {batchIndex}: the model returned shape [{string.Join(", ", logits.shape)}]; a classifier must return logits [batch, classes].");
        if (targets.dim() != 1 || targets.shape[0] != logits.shape[0])
            throw new ArgumentException(
                $"Batch {batchIndex}: targets have shape [{string.Join(", ", targets.shape)}], expected [{logits.shape[0]}] class indices for logits [{string.Join(", ", logits.shape)}].");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);
}
