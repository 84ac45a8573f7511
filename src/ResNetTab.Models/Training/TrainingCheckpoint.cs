using System.Globalization;
using System.Text.Json;
using ResNetTab.Core.IO;
using ResNetTab.Engine.Serialization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Models.Training;

/// <summary>
/// A training checkpoint: one safetensors file holding the trained modules' state dict under
/// <c>model.</c> + their PyTorch names (so it doubles as a weights file), the optimizer state, the CPU
/// random generator, the best weights of early stopping under <c>best.</c>, and as JSON metadata the
/// completed epochs, the settings it was made under and the history. Written atomically, with a SHA-256 over the
/// whole file (<see cref="Safetensors.ChecksumKey"/>) that every load verifies.
/// </summary>
public sealed class TrainingCheckpoint : IDisposable
{
    /// <summary>The <c>format</c> metadata value of checkpoints this version writes and reads.</summary>
    public const string FormatName = "resnettab.training-checkpoint/3";

    /// <summary>Prefix of the model's tensors.</summary>
    public const string ModelPrefix = "model.";

    /// <summary>Prefix of the best epoch's tensors (early stopping).</summary>
    public const string BestPrefix = "best.";

    private const string OptimizerKey = "optimizer.torchsharp";
    private const string RandomKey = "rng.cpu";

    internal static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private readonly SafetensorsFile file;

    private TrainingCheckpoint(SafetensorsFile file, int completedEpochs, string settings, IReadOnlyList<EpochMetrics> history,
        EarlyStoppingState? earlyStopping)
    {
        this.file = file;
        CompletedEpochs = completedEpochs;
        Settings = settings;
        History = history;
        EarlyStopping = earlyStopping;
        ModelState = Prefixed(file, ModelPrefix);
        BestState = earlyStopping is null ? null : Prefixed(file, BestPrefix);
    }

    /// <summary>The checkpoint file.</summary>
    public string Path => file.Path;

    /// <summary>Epochs completed when the checkpoint was written.</summary>
    public int CompletedEpochs { get; }

    /// <summary>The trainer's settings (objective, schedule, optimizer) the checkpoint was made under.</summary>
    public string Settings { get; }

    /// <summary>The metrics of every completed epoch.</summary>
    public IReadOnlyList<EpochMetrics> History { get; }

    /// <summary>The trained modules' state dict (PyTorch names, without the prefix); owned by the checkpoint.</summary>
    public IReadOnlyDictionary<string, Tensor> ModelState { get; }

    /// <summary>The best epoch's state dict of early stopping, or null.</summary>
    public IReadOnlyDictionary<string, Tensor>? BestState { get; }

    internal EarlyStoppingState? EarlyStopping { get; }

    internal Tensor? OptimizerState => file.TryGetValue(OptimizerKey, out var t) ? t : null;

    internal Tensor? RandomState => file.TryGetValue(RandomKey, out var t) ? t : null;

    internal static void Save(string path, nn.Module model, optim.Optimizer optimizer, int completedEpochs, string settings,
        IReadOnlyList<EpochMetrics> history, EarlyStoppingState? earlyStopping, IReadOnlyDictionary<string, Tensor>? best)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        RemoveAbandonedTemporaries(path);
        using var scope = NewDisposeScope();
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (var (name, t) in model.state_dict()) tensors.Add(new(ModelPrefix + name, t));
        if (best is not null)
            foreach (var (name, t) in best) tensors.Add(new(BestPrefix + name, t));
        using (var buffer = new MemoryStream())
        {
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) Checkpointable(optimizer).save_state_dict(writer);
            tensors.Add(new(OptimizerKey, tensor(buffer.ToArray())));
        }
        tensors.Add(new(RandomKey, get_rng_state()));
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = FormatName,
            ["completed_epochs"] = completedEpochs.ToString(CultureInfo.InvariantCulture),
            ["settings"] = settings,
            ["history"] = JsonSerializer.Serialize(history, Json),
        };
        if (earlyStopping is not null) metadata["early_stopping"] = JsonSerializer.Serialize(earlyStopping, Json);
        Safetensors.Save(path, tensors, metadata);
    }

    /// <summary>
    /// Deletes the temporary files that writes of this checkpoint killed midway left behind (<c>.{name}.{guid}.tmp</c>
    /// beside it), at once rather than after <see cref="AtomicFile.StaleAge"/>: a temporary that no live writer holds
    /// open is abandoned. One checkpoint file has one writer, its trainer, which calls this when it starts and before
    /// every write. Returns how many were deleted.
    /// </summary>
    internal static int RemoveAbandonedTemporaries(string path) => AtomicFile.CleanStaleTemporaries(path, TimeSpan.Zero);

    /// <summary>Reads a checkpoint (the caller disposes it).</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a training checkpoint of this format, is damaged
    /// (it fails its checksum), or has none (every checkpoint this library writes carries one). An <see cref="InvalidDataException"/>.</exception>
    public static TrainingCheckpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No checkpoint at '{path}'.", path);
        var file = Safetensors.Load(path);
        try
        {
            string Meta(string key) => file.Metadata.TryGetValue(key, out var v)
                ? v
                : throw Invalid(file.Path, $"the metadata has no '{key}' entry");
            var format = Meta("format");
            if (format != FormatName)
                throw Invalid(file.Path, $"checkpoint format '{format}' is not supported (expected '{FormatName}')");
            if (!file.HasChecksum)
                throw Invalid(file.Path, $"it carries no '{Safetensors.ChecksumKey}' checksum, which every checkpoint of this format has: it was edited");
            try
            {
                var completed = int.Parse(Meta("completed_epochs"), NumberStyles.None, CultureInfo.InvariantCulture);
                var history = JsonSerializer.Deserialize<List<EpochMetrics>>(Meta("history"), Json) ?? throw new JsonException("history is null");
                if (history.Any(h => h is null || h.TrainMetrics is null)) throw new JsonException("history holds a null epoch");
                var early = file.Metadata.TryGetValue("early_stopping", out var e) ? JsonSerializer.Deserialize<EarlyStoppingState>(e, Json) : null;
                return new TrainingCheckpoint(file, completed, Meta("settings"), history, early);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or OverflowException or NotSupportedException or ArgumentException)
            {
                throw Invalid(file.Path, $"corrupt checkpoint metadata: {ex.Message}", ex);
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static InvalidDataException Invalid(string path, string problem, Exception? inner = null) =>
        new($"'{path}' is not a training checkpoint of this version: {problem}", inner);

    /// <summary>TorchSharp's built-in optimizers (all <see cref="OptimizerHelper"/>s) serialise their state; custom ones may not.</summary>
    internal static OptimizerHelper Checkpointable(optim.Optimizer optimizer) => optimizer as OptimizerHelper
        ?? throw new NotSupportedException($"The optimizer {optimizer.GetType().Name} cannot save its state; checkpoints need one of TorchSharp's optimizers (OptimizerHelper).");

    /// <summary>Frees the checkpoint's tensors.</summary>
    public void Dispose() => file.Dispose();

    private static Dictionary<string, Tensor> Prefixed(SafetensorsFile file, string prefix)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, t) in file)
            if (name.StartsWith(prefix, StringComparison.Ordinal)) result[name[prefix.Length..]] = t;
        return result;
    }
}

/// <summary>Where early stopping stands: the best monitored loss, its epoch, and epochs since.</summary>
internal sealed record EarlyStoppingState(double BestLoss, int BestEpoch, int EpochsWithoutImprovement);
