using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Vision;

/// <summary>
/// Reads the torchvision reference data written by <c>Oracle/generate_resnet.py</c> and computes the
/// deterministic state-dict values and input that script describes.
/// </summary>
internal static class ResNetOracle
{
    private static readonly Lazy<JsonDocument> StateDictDoc = new(() => Load("resnet_state_dict.json"));
    private static readonly Lazy<JsonDocument> ParityDoc = new(() => Load("resnet_parity.json"));

    public static JsonElement Parity => ParityDoc.Value.RootElement;

    /// <summary>torchvision's state-dict entries (key, shape) of an architecture, in order.</summary>
    public static IReadOnlyList<(string key, long[] shape)> Entries(string arch) =>
        StateDictDoc.Value.RootElement.GetProperty("archs").GetProperty(arch).GetProperty("entries").EnumerateArray()
            .Select(e => (e[0].GetString()!, e[1].EnumerateArray().Select(d => d.GetInt64()).ToArray()))
            .ToList();

    /// <summary>torchvision's parameter count of an architecture (1000 classes).</summary>
    public static long ParameterCount(string arch) =>
        StateDictDoc.Value.RootElement.GetProperty("archs").GetProperty(arch).GetProperty("parameter_count").GetInt64();

    /// <summary>The generator's value of the <paramref name="index"/>-th state-dict entry.</summary>
    public static Tensor EntryValue(int index, string key, long[] shape)
    {
        var n = shape.Aggregate(1L, (a, b) => a * b);
        if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal)) return zeros(shape, ScalarType.Int64);
        var values = new float[n];
        for (long k = 0; k < n; k++)
        {
            var phase = 0.37 * k + 1.3 * index;
            double v;
            if (key.EndsWith("running_var", StringComparison.Ordinal)) v = 1.0 + 0.1 * Math.Cos(phase);
            else if (key.EndsWith("running_mean", StringComparison.Ordinal)) v = 0.05 * Math.Sin(phase);
            else if (shape.Length >= 2) v = Math.Sin(phase) * 2.0 / Math.Sqrt(n / shape[0]);
            else if (key.EndsWith("weight", StringComparison.Ordinal)) v = 0.8 + 0.1 * Math.Sin(phase);
            else v = 0.05 * Math.Sin(phase);
            values[k] = (float)v;
        }
        return tensor(values, shape);
    }

    /// <summary>The generator's input [2, 3, 64, 64].</summary>
    public static Tensor Input()
    {
        var shape = Parity.GetProperty("input_shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var n = shape.Aggregate(1L, (a, b) => a * b);
        var values = new float[n];
        for (long k = 0; k < n; k++) values[k] = (float)(Math.Sin(0.011 * k) + 0.5 * Math.Cos(0.029 * k));
        return tensor(values, shape);
    }

    /// <summary>Fills every state-dict entry of <paramref name="module"/> with the generator's values, loading them by name.</summary>
    public static void Fill(nn.Module module)
    {
        var source = new List<KeyValuePair<string, Tensor>>();
        var i = 0;
        foreach (var (key, t) in module.OrderedStateDict())
            source.Add(new(key, EntryValue(i++, key, t.shape)));
        try
        {
            module.LoadStateDict(source);
        }
        finally
        {
            foreach (var (_, t) in source) t.Dispose();
        }
    }

    public static float[] Floats(JsonElement array) => array.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();

    private static JsonDocument Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Oracle", file)));
}
