using ResNetTab.Models.Datasets;
using TorchSharp.Modules;
using DataLoader = ResNetTab.Models.Datasets.DataLoader;
using static TorchSharp.torch;

namespace ResNetTab.Models.Training;

/// <summary>
/// Trains a classifier (a module from inputs to logits, such as a <see cref="Vision.ResNet"/>) with the usual
/// CIFAR recipe on the generic <see cref="Trainer{TBatch}"/>: a <see cref="ClassificationObjective"/>, SGD with
/// momentum and weight decay, and a cosine schedule stepped once per epoch (<see cref="ClassificationTrainerOptions"/>).
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
    /// <summary>Creates a trainer with a fresh optimizer and schedule.</summary>
    /// <param name="model">The classifier; its output must be logits of shape [batch, classes].</param>
    /// <param name="options">The settings; the defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public ClassificationTrainer(nn.Module<Tensor, Tensor> model, ClassificationTrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new ClassificationTrainerOptions();
        Options.Validate();
        var o = Options;
        Trainer = new Trainer<Batch>(
            new ClassificationObjective(model, o.LabelSmoothing),
            parameters => optim.SGD(parameters, o.LearningRate, momentum: o.Momentum, weight_decay: o.WeightDecay, nesterov: o.Nesterov),
            new CosineSchedule(o.Epochs, o.MinLearningRate),
            new TrainerOptions { Epochs = o.Epochs, CheckpointPath = o.CheckpointPath, ProgressInterval = o.ProgressInterval });
    }

    /// <summary>The generic loop underneath (objective, optimizer, schedule, checkpoints).</summary>
    public Trainer<Batch> Trainer { get; }

    /// <summary>The model being trained.</summary>
    public nn.Module<Tensor, Tensor> Model => ((ClassificationObjective)Trainer.Objective).Model;

    /// <summary>The settings.</summary>
    public ClassificationTrainerOptions Options { get; }

    /// <summary>The SGD optimizer (owned by the trainer).</summary>
    public SGD Optimizer => (SGD)Trainer.Optimizer;

    /// <summary>Epochs completed so far (after a resume, those of the checkpoint included); the next epoch's index.</summary>
    public int CompletedEpochs => Trainer.CompletedEpochs;

    /// <summary>The metrics of every completed epoch, in order.</summary>
    public IReadOnlyList<EpochMetrics> History => Trainer.History;

    /// <summary>The learning rate the next epoch trains with.</summary>
    public double LearningRate => Trainer.Schedule!.LearningRate(Options.LearningRate, CompletedEpochs, 0, 1);

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
        CancellationToken cancellationToken = default) =>
        Trainer.Fit(train, validation, progress, cancellationToken);

    /// <summary>Loss and accuracy of the model in evaluation mode on every batch of <paramref name="data"/> (epoch 0 of the loader).</summary>
    /// <param name="data">The batches.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <returns>Mean loss and accuracy.</returns>
    /// <exception cref="ArgumentException">A batch does not fit the model.</exception>
    public EvaluationResult Evaluate(DataLoader data, CancellationToken cancellationToken = default) => Trainer.Evaluate(data, cancellationToken);

    /// <summary>Writes a checkpoint of the current state (see <see cref="TrainingCheckpoint"/>) atomically.</summary>
    /// <param name="path">The checkpoint file.</param>
    public void SaveCheckpoint(string path) => Trainer.SaveCheckpoint(path);

    /// <summary>
    /// Restores the model, the optimizer, the schedule position and the history from a checkpoint, so the
    /// next <see cref="Fit"/> continues at epoch <see cref="CompletedEpochs"/>.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a training checkpoint.</exception>
    /// <exception cref="InvalidOperationException">The checkpoint was made with a different schedule, or for more epochs than this run has.</exception>
    /// <exception cref="ResNetTab.Engine.StateDicts.StateDictMismatchException">The checkpoint's model does not match this model.</exception>
    public void LoadCheckpoint(string path) => Trainer.LoadCheckpoint(path);

    /// <summary>Frees the optimizer's state.</summary>
    public void Dispose() => Trainer.Dispose();
}
