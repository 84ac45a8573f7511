using System.Diagnostics;
using System.Globalization;
using ResNetTab.Engine.StateDicts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Models.Training;

/// <summary>
/// The training loop every ResNetTab model trains with: an <see cref="ITrainingObjective{TBatch}"/> gives the
/// loss, an optimizer made by a factory minimises it, a closed-form <see cref="ILearningRateSchedule"/> sets the
/// rate of every step. It reports progress, honours cancellation, guards against NaN losses, clips gradients,
/// stops early, keeps a time budget, and writes checkpoints that resume exactly.
/// </summary>
/// <typeparam name="TBatch">The batch type.</typeparam>
/// <remarks>
/// <para>Epoch <c>e</c> trains on <c>train.Epoch(e)</c>, so a seeded source gives a resumed run the same
/// shuffles as an uninterrupted one; the checkpoint also restores the optimizer state and the CPU random
/// generator (dropout masks).</para>
/// <para>Losses and metrics are summed on the device; the host reads them, and checks the loss for NaN or
/// infinity, only every <see cref="TrainerOptions.ProgressInterval"/> batches and at the end of an epoch.</para>
/// </remarks>
public sealed class Trainer<TBatch> : IDisposable where TBatch : ITrainingBatch
{
    private readonly List<EpochMetrics> history = [];
    private readonly IReadOnlyList<Parameter> parameters;
    private readonly double[] baseRates;
    private Dictionary<string, Tensor>? best;
    private EarlyStoppingState? earlyStopping;
    private bool disposed;

    /// <summary>Creates a trainer.</summary>
    /// <param name="objective">The loss and the modules it trains.</param>
    /// <param name="optimizerFactory">Creates the optimizer over the objective's parameters (e.g. <c>p =&gt; torch.optim.AdamW(p, 1e-3)</c>); the trainer owns it.</param>
    /// <param name="schedule">The learning-rate schedule; the optimizer's rate stays constant when null.</param>
    /// <param name="options">The settings; the defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public Trainer(ITrainingObjective<TBatch> objective, Func<IEnumerable<Parameter>, optim.Optimizer> optimizerFactory,
        ILearningRateSchedule? schedule = null, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(optimizerFactory);
        Options = options ?? new TrainerOptions();
        Options.Validate();
        Objective = objective;
        Schedule = schedule;
        parameters = [.. objective.Module.parameters()];
        Optimizer = optimizerFactory(parameters) ?? throw new ArgumentException("The optimizer factory returned null.", nameof(optimizerFactory));
        baseRates = [.. Optimizer.ParamGroups.Select(g => g.LearningRate)];
        Settings = string.Create(CultureInfo.InvariantCulture,
            $"objective {objective.Describe()}; optimizer {Optimizer.GetType().Name} lr {string.Join("/", baseRates)}; schedule {schedule?.Describe() ?? "constant"}");
        // A run killed while writing its checkpoint left a temporary file beside it: the next run removes it at once.
        if (Options.CheckpointPath is { } checkpoint) TrainingCheckpoint.RemoveAbandonedTemporaries(checkpoint);
    }

    /// <summary>The objective being minimised.</summary>
    public ITrainingObjective<TBatch> Objective { get; }

    /// <summary>The optimizer (owned by the trainer).</summary>
    public optim.Optimizer Optimizer { get; }

    /// <summary>The learning-rate schedule, or null for a constant rate.</summary>
    public ILearningRateSchedule? Schedule { get; }

    /// <summary>The settings.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Objective, optimizer and schedule settings; a checkpoint resumes only under the same.</summary>
    public string Settings { get; }

    /// <summary>Epochs completed so far (after a resume, those of the checkpoint included); the next epoch's index.</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>The metrics of every completed epoch, in order.</summary>
    public IReadOnlyList<EpochMetrics> History => history;

    /// <summary>The current learning rate of the first parameter group.</summary>
    public double LearningRate => Optimizer.ParamGroups.First().LearningRate;

    /// <summary>Whether the last <see cref="Fit"/> ended because the monitored loss stopped improving.</summary>
    public bool StoppedEarly { get; private set; }

    /// <summary>The epoch whose weights early stopping keeps (best monitored loss), or null.</summary>
    public int? BestEpoch => earlyStopping?.BestEpoch;

    /// <summary>
    /// Trains from epoch <see cref="CompletedEpochs"/> to <see cref="TrainerOptions.Epochs"/> (or until early
    /// stopping or the time budget ends it), evaluating on <paramref name="validation"/> after each epoch and
    /// writing <see cref="TrainerOptions.CheckpointPath"/> after each epoch when set.
    /// </summary>
    /// <param name="train">The training batches.</param>
    /// <param name="validation">Batches evaluated after every epoch; none when null.</param>
    /// <param name="progress">Receives progress reports; none when null.</param>
    /// <param name="cancellationToken">Stops after the current batch with an <see cref="OperationCanceledException"/>;
    /// completed epochs stay recorded (and checkpointed).</param>
    /// <returns>The metrics of every completed epoch.</returns>
    /// <exception cref="ArgumentException">A source produced no batches, or a batch does not fit the model.</exception>
    /// <exception cref="ArithmeticException">The loss became NaN or infinite.</exception>
    public IReadOnlyList<EpochMetrics> Fit(IBatchSource<TBatch> train, IBatchSource<TBatch>? validation = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ThrowIfDisposed();
        StoppedEarly = false;
        var budget = Stopwatch.StartNew();
        while (CompletedEpochs < Options.Epochs)
        {
            if (Options.TimeBudget is { } limit && budget.Elapsed >= limit) break;
            var epoch = CompletedEpochs;
            var clock = Stopwatch.StartNew();
            var trained = RunEpoch(train, epoch, training: true, progress, cancellationToken);
            var evaluated = validation is null ? null : RunEpoch(validation, 0, training: false, null, cancellationToken);
            var metrics = new EpochMetrics(epoch, trained.LearningRate, trained.Result.Loss, trained.Result.Metrics,
                evaluated?.Result.Loss, evaluated?.Result.Metrics, trained.Result.Samples, clock.Elapsed.TotalSeconds);
            history.Add(metrics);
            CompletedEpochs = epoch + 1;
            TrackEarlyStopping(evaluated?.Result.Loss ?? trained.Result.Loss, epoch);
            if (Options.CheckpointPath is { } path) SaveCheckpoint(path);
            progress?.Report(new TrainingProgress(epoch, Options.Epochs, train.Count, train.Count, metrics.TrainLoss, metrics.TrainMetrics,
                metrics.LearningRate, metrics.SamplesPerSecond, metrics));
            if (Options.EarlyStoppingPatience is { } patience && earlyStopping!.EpochsWithoutImprovement >= patience)
            {
                StoppedEarly = true;
                break;
            }
        }
        if (best is not null && Options.RestoreBestWeights) Objective.Module.LoadStateDict(best);
        return history;
    }

    /// <summary>Loss and metrics in evaluation mode over epoch 0 of <paramref name="data"/>; the module's mode is restored afterwards.</summary>
    /// <param name="data">The batches.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <returns>Mean loss and metrics.</returns>
    public EvaluationResult Evaluate(IBatchSource<TBatch> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfDisposed();
        var wasTraining = Objective.Module.training;
        try
        {
            return RunEpoch(data, 0, training: false, null, cancellationToken).Result;
        }
        finally
        {
            Objective.Module.train(wasTraining);
        }
    }

    /// <summary>Writes a checkpoint of the current state (see <see cref="TrainingCheckpoint"/>) atomically.</summary>
    /// <param name="path">The checkpoint file.</param>
    public void SaveCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ThrowIfDisposed();
        TrainingCheckpoint.Save(path, Objective.Module, Optimizer, CompletedEpochs, Settings, history, earlyStopping, best);
    }

    /// <summary>
    /// Restores the modules, the optimizer, the random generator, early stopping and the history from a
    /// checkpoint, so the next <see cref="Fit"/> continues at epoch <see cref="CompletedEpochs"/>.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a training checkpoint.</exception>
    /// <exception cref="InvalidOperationException">The checkpoint was made under other settings, or for more epochs than this run has.</exception>
    /// <exception cref="StateDictMismatchException">The checkpoint's model does not match the objective's modules.</exception>
    public void LoadCheckpoint(string path)
    {
        ThrowIfDisposed();
        using var checkpoint = TrainingCheckpoint.Load(path);
        if (checkpoint.Settings != Settings)
            throw new InvalidOperationException(
                $"Checkpoint '{path}' was made with the settings ({checkpoint.Settings}); this trainer has ({Settings}). " +
                "Resume with the same settings (the schedule and the optimizer state depend on them).");
        if (checkpoint.CompletedEpochs > Options.Epochs)
            throw new InvalidOperationException($"Checkpoint '{path}' has {checkpoint.CompletedEpochs} completed epochs, more than the run's {Options.Epochs}.");

        Objective.Module.LoadStateDict(checkpoint.ModelState, strict: true);
        if (checkpoint.OptimizerState is { } state)
        {
            using var reader = new BinaryReader(new MemoryStream(state.data<byte>().ToArray()));
            TrainingCheckpoint.Checkpointable(Optimizer).load_state_dict(reader);
        }
        if (checkpoint.RandomState is { } rng) set_rng_state(rng);
        CompletedEpochs = checkpoint.CompletedEpochs;
        history.Clear();
        history.AddRange(checkpoint.History);
        earlyStopping = checkpoint.EarlyStopping;
        ReplaceBest(checkpoint.BestState);
    }

    /// <summary>Frees the optimizer's state and the best weights kept for early stopping.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        ReplaceBest(null);
        Optimizer.Dispose();
    }

    private void TrackEarlyStopping(double monitored, int epoch)
    {
        if (Options.EarlyStoppingPatience is null) return;
        if (earlyStopping is null || monitored < earlyStopping.BestLoss - Options.EarlyStoppingMinDelta)
        {
            earlyStopping = new EarlyStoppingState(monitored, epoch, 0);
            if (Options.RestoreBestWeights) ReplaceBest(Objective.Module.state_dict());
        }
        else
        {
            earlyStopping = earlyStopping with { EpochsWithoutImprovement = earlyStopping.EpochsWithoutImprovement + 1 };
        }
    }

    private void ReplaceBest(IReadOnlyDictionary<string, Tensor>? state)
    {
        if (best is not null)
            foreach (var t in best.Values) t.Dispose();
        best = state?.ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope(), StringComparer.Ordinal);
    }

    private sealed record EpochRun(EvaluationResult Result, double LearningRate);

    private EpochRun RunEpoch(IBatchSource<TBatch> source, int epoch, bool training, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        var module = Objective.Module;
        module.train(training);
        using var noGrad = training ? null : no_grad();
        using var sums = new MetricSums();
        var device = parameters.Count > 0 ? parameters[0].device : null;
        using var lossSum = zeros(1, ScalarType.Float64, device: device);
        // The first batch whose loss is not finite, found on the device (-1: none), so the host reads it only at checks.
        using var firstNonFinite = full(1, -1L, ScalarType.Int64, device: device);
        var clock = Stopwatch.StartNew();
        var batches = source.Count;
        double firstRate = LearningRate;
        long seen = 0;
        int done = 0;
        foreach (var batch in source.Epoch(epoch, cancellationToken))
        {
            using (batch)
            using (NewDisposeScope())
            {
                if (training)
                {
                    SetLearningRate(epoch, done, batches);
                    if (done == 0) firstRate = LearningRate;
                }
                Tensor loss;
                using (Options.MixedPrecision is { } precision ? Layers.MixedPrecision.Autocast(precision) : null)
                    loss = Objective.Loss(batch, sums);
                if (loss.numel() != 1)
                    throw new ArgumentException($"Epoch {epoch}, batch {done}: the objective returned a loss of shape [{string.Join(", ", loss.shape)}]; it must be a scalar.");
                if (training)
                {
                    Optimizer.zero_grad();
                    loss.backward();
                    if (Options.GradientClipNorm is { } clip) GradientClipping.ClipByNorm(parameters, clip);
                    Optimizer.step();
                }
                var detached = loss.detach().reshape(1);
                lossSum.add_(detached.to(ScalarType.Float64) * batch.Size);
                firstNonFinite.masked_fill_(firstNonFinite.lt(0).logical_and_(detached.isfinite().logical_not_()), done);
            }
            seen += batch.Size;
            done++;
            cancellationToken.ThrowIfCancellationRequested();
            if (done % Options.ProgressInterval != 0 && done != batches) continue;
            var mean = CheckedMeanLoss(lossSum, firstNonFinite, seen, epoch, training);
            progress?.Report(new TrainingProgress(epoch, Options.Epochs, done, batches, mean, sums.Means(seen), LearningRate,
                seen / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
        }
        if (seen == 0)
            throw new ArgumentException("The batch source produced no batches (an empty data set, or fewer samples than one batch with drop_last).", nameof(source));
        var result = new EvaluationResult(CheckedMeanLoss(lossSum, firstNonFinite, seen, epoch, training), sums.Means(seen), seen);
        return new EpochRun(result, firstRate);
    }

    private double CheckedMeanLoss(Tensor lossSum, Tensor firstNonFinite, long seen, int epoch, bool training)
    {
        var mean = lossSum.item<double>() / seen;
        if (!double.IsFinite(mean))
            throw new ArithmeticException(string.Create(CultureInfo.InvariantCulture,
                $"The loss became {mean} at epoch {epoch}, batch {firstNonFinite.item<long>()} " +
                $"({(training ? "training" : "evaluation")}, learning rate {LearningRate:G4}); lower the learning rate or check the inputs for NaN/inf."));
        return mean;
    }

    private void SetLearningRate(int epoch, int step, int steps)
    {
        if (Schedule is null) return;
        var i = 0;
        foreach (var group in Optimizer.ParamGroups)
            group.LearningRate = Schedule.LearningRate(baseRates[i++], epoch, step, steps);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);
}
