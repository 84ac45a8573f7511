using System.Text.Json;
using ResNetTab.Models.Datasets;
using ResNetTab.Models.Training;
using ResNetTab.Engine.StateDicts;
using TorchSharp.Modules;
using TensorDataset = ResNetTab.Models.Datasets.TensorDataset;
using DataLoader = ResNetTab.Models.Datasets.DataLoader;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Training;

/// <summary>Reads the PyTorch reference run written by <c>Oracle/generate_trainer.py</c> and rebuilds its model and data.</summary>
internal static class TrainerOracle
{
    private static readonly Lazy<JsonDocument> Doc = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Oracle", "trainer_run.json"))));

    public static JsonElement Root => Doc.Value.RootElement;

    public static JsonElement Run(int index) => Root.GetProperty("runs")[index];

    /// <summary>The trainer settings of reference run <paramref name="index"/>.</summary>
    public static ClassificationTrainerOptions Options(int index)
    {
        var c = Run(index).GetProperty("config");
        return new ClassificationTrainerOptions
        {
            Epochs = c.GetProperty("epochs").GetInt32(),
            LearningRate = c.GetProperty("lr").GetDouble(),
            MinLearningRate = c.GetProperty("eta_min").GetDouble(),
            Momentum = c.GetProperty("momentum").GetDouble(),
            WeightDecay = c.GetProperty("weight_decay").GetDouble(),
            Nesterov = c.GetProperty("nesterov").GetBoolean(),
            LabelSmoothing = c.GetProperty("label_smoothing").GetDouble(),
        };
    }

    /// <summary>Linear(4, 8) → BatchNorm1d(8) → ReLU → Linear(8, 3) with the reference's initial weights.</summary>
    public static Sequential Model()
    {
        var model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3));
        using var scope = NewDisposeScope();
        model.LoadStateDict(State(Root.GetProperty("initial_state")));
        return model;
    }

    /// <summary>Entries [key, shape, values] as float32 tensors (int64 for num_batches_tracked).</summary>
    public static List<KeyValuePair<string, Tensor>> State(JsonElement entries) =>
        entries.EnumerateArray().Select(e =>
        {
            var name = e[0].GetString()!;
            var shape = e[1].EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var values = e[2].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var t = name.EndsWith("num_batches_tracked", StringComparison.Ordinal)
                ? tensor(values.Select(v => (long)v).ToArray(), shape)
                : tensor(values.Select(v => (float)v).ToArray(), shape);
            return new KeyValuePair<string, Tensor>(name, t);
        }).ToList();

    /// <summary>The training data in order, batches of 8 (no shuffling, no prefetch: the reference's order).</summary>
    public static DataLoader TrainLoader() => Loader("train", 8);

    /// <summary>The validation data, batches of 4.</summary>
    public static DataLoader ValidationLoader() => Loader("val", 4);

    private static DataLoader Loader(string prefix, int batch)
    {
        var x = Root.GetProperty(prefix + "_x").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        var y = Root.GetProperty(prefix + "_y").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        var inputs = tensor(x, [y.Length, 4]).DetachFromDisposeScope();
        var targets = tensor(y, [y.Length]).DetachFromDisposeScope();
        return new DataLoader(new TensorDataset(inputs, targets), batch, shuffle: false, prefetch: 0);
    }
}
