using System.Text.Json;
using ResNetTab.Models.Tabular;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Tabular;

/// <summary>Reads the PyTorch reference data written by <c>Oracle/generate_tabular.py</c>.</summary>
internal static class TabularOracle
{
    private static readonly Lazy<JsonDocument> Doc = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Oracle", "tabular_parity.json"))));

    public static JsonElement Root => Doc.Value.RootElement;

    public static JsonElement Config => Root.GetProperty("config");

    public static int Rows => Config.GetProperty("rows").GetInt32();

    public static int Classes => Config.GetProperty("classes").GetInt32();

    /// <summary>Options of the reference model (5 numerical, cardinalities [7, 4, 11], d 32, 2 blocks, 3 classes).</summary>
    public static TabularResNetOptions Options(double dropout = 0.1) => new()
    {
        NumericalColumns = Config.GetProperty("numerical").GetInt32(),
        Cardinalities = [.. Config.GetProperty("cardinalities").EnumerateArray().Select(e => e.GetInt32())],
        Width = Config.GetProperty("d_model").GetInt32(),
        Blocks = Config.GetProperty("blocks").GetInt32(),
        NumClasses = Classes,
        Dropout = dropout,
    };

    /// <summary>PyTorch's state dict as (key, tensor) in PyTorch's order; the caller disposes the tensors.</summary>
    public static List<KeyValuePair<string, Tensor>> StateDict() => Entries(Root.GetProperty("state_dict"));

    /// <summary>[key, shape, dtype, values] entries as tensors.</summary>
    public static List<KeyValuePair<string, Tensor>> Entries(JsonElement entries) =>
        entries.EnumerateArray().Select(e => new KeyValuePair<string, Tensor>(e[0].GetString()!, EntryTensor(e))).ToList();

    private static Tensor EntryTensor(JsonElement e)
    {
        var shape = e[1].EnumerateArray().Select(d => d.GetInt64()).ToArray();
        return e[2].GetString() == "int64"
            ? tensor(e[3].EnumerateArray().Select(v => v.GetInt64()).ToArray(), shape)
            : tensor(Floats(e[3]), shape);
    }

    public static Tensor Numerical() => tensor(Floats(Root.GetProperty("numerical")), [Rows, Config.GetProperty("numerical").GetInt64()]);

    public static Tensor Categorical() =>
        tensor(Root.GetProperty("categorical").EnumerateArray().Select(v => v.GetInt64()).ToArray(),
            [Rows, Config.GetProperty("cardinalities").GetArrayLength()]);

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    public static string[] Strings(JsonElement array) => array.EnumerateArray().Select(v => v.GetString()!).ToArray();

    /// <summary>A reference-configured model with PyTorch's state dict loaded by name.</summary>
    public static TabularResNet LoadedModel(double dropout = 0.1)
    {
        var model = new TabularResNet(Options(dropout));
        var state = StateDict();
        try
        {
            model.LoadStateDict(state);
        }
        finally
        {
            foreach (var (_, t) in state) t.Dispose();
        }
        return model;
    }

    /// <summary>Largest absolute difference between a tensor and expected values.</summary>
    public static double MaxAbsDiff(Tensor actual, float[] expected)
    {
        var values = TensorData.ToArray<float>(actual);
        values.Length.Should().Be(expected.Length);
        return values.Zip(expected, (a, b) => Math.Abs((double)a - b)).Max();
    }
}
