using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Engine.StateDicts;
using ResNetTab.Engine.Tensors;
using ResNetTab.Models.Tabular;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// A <see cref="SelfSupervisedModel"/> as a JSON object: the architecture and the state dict (PyTorch names, each tensor's
/// dtype, shape and little-endian bytes in base64), so a scorer file is self-contained.
/// </summary>
public static class ModelDocument
{
    /// <summary>The model as JSON.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The document.</returns>
    /// <exception cref="NotSupportedException">The encoder uses a custom block factory, which cannot be written down.</exception>
    public static JsonObject ToJson(SelfSupervisedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = model.Options;
        var e = o.Encoder;
        if (e.BlockFactory is not null) throw new NotSupportedException("A model whose encoder uses a custom block factory cannot be saved as a document; save its state dict with SaveSafetensors instead.");
        var state = new JsonObject();
        foreach (var (name, t) in model.OrderedStateDict())
        {
            byte[] bytes = t.dtype switch
            {
                ScalarType.Float32 => MemoryMarshal.AsBytes(TensorData.ToArray<float>(t).AsSpan()).ToArray(),
                ScalarType.Int64 => MemoryMarshal.AsBytes(TensorData.ToArray<long>(t).AsSpan()).ToArray(),
                _ => throw new NotSupportedException($"Tensor '{name}' has dtype {t.dtype}; documents hold float32 and int64 tensors."),
            };
            state[name] = new JsonObject
            {
                ["dtype"] = t.dtype == ScalarType.Float32 ? "F32" : "I64",
                ["shape"] = JsonSerializer.SerializeToNode(t.shape),
                ["data"] = Convert.ToBase64String(bytes),
            };
        }
        return new JsonObject
        {
            ["numericalColumns"] = e.NumericalColumns,
            ["cardinalities"] = JsonSerializer.SerializeToNode(e.Cardinalities.ToArray()),
            ["categoryEmbeddingDims"] = e.CategoryEmbeddingDims is null ? null : JsonSerializer.SerializeToNode(e.CategoryEmbeddingDims.ToArray()),
            ["numericalProjectionDim"] = e.NumericalProjectionDim,
            ["width"] = e.Width,
            ["blocks"] = e.Blocks,
            ["dropout"] = e.Dropout,
            ["blockKind"] = e.BlockKind.ToString(),
            ["normalization"] = e.Normalization.ToString(),
            ["bottleneckReduction"] = e.BottleneckReduction,
            ["numericalNames"] = e.NumericalNames is null ? null : JsonSerializer.SerializeToNode(e.NumericalNames.ToArray()),
            ["categoricalNames"] = e.CategoricalNames is null ? null : JsonSerializer.SerializeToNode(e.CategoricalNames.ToArray()),
            ["numericalMask"] = o.NumericalMask.ToString(),
            ["projectionDim"] = o.ProjectionDim,
            ["state"] = state,
        };
    }

    /// <summary>Rebuilds the model of a document (in evaluation mode).</summary>
    /// <param name="document">The document of <see cref="ToJson"/>.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A field is missing or malformed.</exception>
    public static SelfSupervisedModel FromJson(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            var encoder = new TabularResNetOptions
            {
                NumericalColumns = Get<int>(document, "numericalColumns"),
                Cardinalities = Get<int[]>(document, "cardinalities"),
                CategoryEmbeddingDims = document["categoryEmbeddingDims"]?.Deserialize<int[]>(),
                NumericalProjectionDim = document["numericalProjectionDim"]?.GetValue<int>(),
                Width = Get<int>(document, "width"),
                Blocks = Get<int>(document, "blocks"),
                Dropout = Get<double>(document, "dropout"),
                BlockKind = Enum.Parse<TabularBlockKind>(Get<string>(document, "blockKind")),
                Normalization = Enum.Parse<TabularNormalization>(Get<string>(document, "normalization")),
                BottleneckReduction = Get<int>(document, "bottleneckReduction"),
                NumericalNames = document["numericalNames"]?.Deserialize<string[]>(),
                CategoricalNames = document["categoricalNames"]?.Deserialize<string[]>(),
            };
            var model = new SelfSupervisedModel(new SelfSupervisedModelOptions
            {
                Encoder = encoder,
                NumericalMask = Enum.Parse<NumericalMaskMode>(Get<string>(document, "numericalMask")),
                ProjectionDim = Get<int>(document, "projectionDim"),
            });
            using var scope = NewDisposeScope();
            var state = new List<KeyValuePair<string, Tensor>>();
            foreach (var (name, node) in Get<JsonObject>(document, "state"))
            {
                var entry = node as JsonObject ?? throw new InvalidDataException($"State entry '{name}' is not an object.");
                var shape = Get<long[]>(entry, "shape");
                var bytes = Convert.FromBase64String(Get<string>(entry, "data"));
                var t = Get<string>(entry, "dtype") switch
                {
                    "F32" => TensorData.FromSpan<float>(MemoryMarshal.Cast<byte, float>(bytes), shape),
                    "I64" => TensorData.FromSpan<long>(MemoryMarshal.Cast<byte, long>(bytes), shape),
                    var d => throw new InvalidDataException($"State entry '{name}' has unknown dtype '{d}'."),
                };
                state.Add(new(name, t));
            }
            model.LoadStateDict(state, strict: true);
            model.eval();
            return model;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"The saved model is malformed: {ex.Message}", ex);
        }
    }

    private static T Get<T>(JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var node) && node is not null
            ? typeof(T) == typeof(JsonObject) ? (T)(object)node.AsObject() : node.Deserialize<T>() ?? throw new InvalidDataException($"The saved model's field '{name}' is null.")
            : throw new InvalidDataException($"The saved model has no field '{name}'.");
}
