using System.Globalization;
using System.Text.Json;
using ResNetTab.Torch.Optimizers;
using ResNetTab.Torch.Serialization;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Models.Training;

/// <summary>
/// A training checkpoint: the model's state dict, the optimizer's state (momentum buffers, group
/// hyper-parameters), the number of completed epochs, the schedule settings and the per-epoch history, in
/// one safetensors file. Model tensors are stored under <c>model.</c> + their PyTorch names, so the file
/// also serves as a weights file; optimizer tensors under <c>optimizer.state.{index}.{name}</c>; the rest
/// as JSON in the metadata. Writes are atomic: a crash mid-write leaves the previous checkpoint intact.
/// </summary>
public sealed class TrainingCheckpoint : IDisposable
{
    /// <summary>The metadata value of <c>format</c> that marks a training checkpoint.</summary>
    public const string FormatName = "resnettab.classification-checkpoint/1";

    /// <summary>Prefix of the model's tensors.</summary>
    public const string ModelPrefix = "model.";

    private const string OptimizerPrefix = "optimizer.state.";

    private readonly SafetensorsFile file;

    private TrainingCheckpoint(SafetensorsFile file, int completedEpochs, ClassificationTrainerOptions schedule,
        IReadOnlyList<EpochMetrics> history, Dictionary<string, Tensor> modelState, OptimizerStateDict optimizerState)
    {
        this.file = file;
        CompletedEpochs = completedEpochs;
        Schedule = schedule;
        History = history;
        ModelState = modelState;
        OptimizerState = optimizerState;
    }

    /// <summary>The file the checkpoint was read from.</summary>
    public string Path => file.Path;

    /// <summary>Epochs completed when the checkpoint was written; training resumes at this epoch index.</summary>
    public int CompletedEpochs { get; }

    /// <summary>The schedule the run was started with (epochs, learning rates, momentum, weight decay, smoothing).</summary>
    public ClassificationTrainerOptions Schedule { get; }

    /// <summary>The metrics of every completed epoch.</summary>
    public IReadOnlyList<EpochMetrics> History { get; }

    /// <summary>The model's parameters and buffers by PyTorch name (owned by the checkpoint).</summary>
    public IReadOnlyDictionary<string, Tensor> ModelState { get; }

    /// <summary>The optimizer's state (its tensors are owned by the checkpoint).</summary>
    public OptimizerStateDict OptimizerState { get; }

    /// <summary>
    /// Writes a checkpoint atomically to <paramref name="path"/> (creating its folder when needed).
    /// </summary>
    /// <exception cref="IOException">The file cannot be written; any previous checkpoint there is unchanged.</exception>
    public static void Save(string path, nn.Module model, Optimizer optimizer, int completedEpochs, ClassificationTrainerOptions schedule,
        IReadOnlyList<EpochMetrics> history)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(completedEpochs);
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);

        using var optimizerState = optimizer.state_dict();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (name, t) in model.state_dict()) tensors.Add(new(ModelPrefix + name, t));
        var scalars = new Dictionary<int, Dictionary<string, double>>();
        var tensorNames = new Dictionary<int, List<string>>();
        foreach (var (index, state) in optimizerState.state)
        {
            scalars[index] = new Dictionary<string, double>(state.scalars, StringComparer.Ordinal);
            tensorNames[index] = [.. state.tensors.Keys];
            foreach (var (name, t) in state.tensors) tensors.Add(new($"{OptimizerPrefix}{index}.{name}", t));
        }
        var groups = optimizerState.param_groups
            .Select(g => new CheckpointDocument.Group(new Dictionary<string, double>(g.options, StringComparer.Ordinal), [.. g.@params]))
            .ToList();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = FormatName,
            ["completed_epochs"] = completedEpochs.ToString(CultureInfo.InvariantCulture),
            ["schedule"] = JsonSerializer.Serialize(CheckpointDocument.Schedule.From(schedule), CheckpointDocument.Json),
            ["optimizer"] = JsonSerializer.Serialize(new CheckpointDocument.Optimizer(groups, scalars, tensorNames), CheckpointDocument.Json),
            ["history"] = JsonSerializer.Serialize(history, CheckpointDocument.Json),
        };
        Safetensors.Save(path, tensors, metadata);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="SafetensorsFormatException">The file is not a safetensors file, is truncated, or is not a training checkpoint.</exception>
    public static TrainingCheckpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No checkpoint at '{path}'.", path);
        var file = Safetensors.Load(path);
        try
        {
            return Parse(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static TrainingCheckpoint Parse(SafetensorsFile file)
    {
        string Meta(string key) => file.Metadata.TryGetValue(key, out var v)
            ? v
            : throw new SafetensorsFormatException(file.Path, $"not a training checkpoint: the metadata has no '{key}' entry");
        var format = Meta("format");
        if (format != FormatName)
            throw new SafetensorsFormatException(file.Path, $"checkpoint format '{format}' is not supported (expected '{FormatName}')");
        try
        {
            var completed = int.Parse(Meta("completed_epochs"), NumberStyles.None, CultureInfo.InvariantCulture);
            var s = JsonSerializer.Deserialize<CheckpointDocument.Schedule>(Meta("schedule"), CheckpointDocument.Json)
                ?? throw new JsonException("schedule is null");
            var schedule = new ClassificationTrainerOptions
            {
                Epochs = s.Epochs,
                LearningRate = s.LearningRate,
                MinLearningRate = s.MinLearningRate,
                Momentum = s.Momentum,
                WeightDecay = s.WeightDecay,
                Nesterov = s.Nesterov,
                LabelSmoothing = s.LabelSmoothing,
            };
            var history = JsonSerializer.Deserialize<List<EpochMetrics>>(Meta("history"), CheckpointDocument.Json)
                ?? throw new JsonException("history is null");
            var opt = JsonSerializer.Deserialize<CheckpointDocument.Optimizer>(Meta("optimizer"), CheckpointDocument.Json)
                ?? throw new JsonException("optimizer is null");

            var model = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (name, t) in file)
                if (name.StartsWith(ModelPrefix, StringComparison.Ordinal)) model[name[ModelPrefix.Length..]] = t;

            var state = new Dictionary<int, ParameterStateDict>();
            foreach (var (index, names) in opt.Tensors)
            {
                var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
                foreach (var name in names)
                {
                    var key = $"{OptimizerPrefix}{index}.{name}";
                    tensors[name] = file.TryGetValue(key, out var t)
                        ? t
                        : throw new SafetensorsFormatException(file.Path, $"optimizer state tensor '{key}' is missing");
                }
                var scalars = opt.Scalars.TryGetValue(index, out var sc) ? sc : new Dictionary<string, double>();
                state[index] = new ParameterStateDict(scalars, tensors);
            }
            var groups = opt.Groups.Select(g => new ParamGroupStateDict(g.Options, g.Params)).ToList();
            return new TrainingCheckpoint(file, completed, schedule, history, model, new OptimizerStateDict(state, groups));
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException)
        {
            throw new SafetensorsFormatException(file.Path, $"corrupt checkpoint metadata: {e.Message}", e);
        }
    }

    /// <summary>Frees the checkpoint's tensors.</summary>
    public void Dispose() => file.Dispose();
}
