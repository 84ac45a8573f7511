using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Engine.StateDicts;
using ResNetTab.Engine.Tensors;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// A <see cref="SequenceAnomalyDetector"/> as a JSON object: its shape and its float32 state dict (PyTorch names, shapes,
/// little-endian bytes in base64), so a saved scorer is self-contained. Reading checks every entry's size against its
/// shape and the network's own state dict before any tensor is made.
/// </summary>
public static class DetectorDocument
{
    /// <summary>The network as JSON.</summary>
    /// <param name="model">The network.</param>
    /// <returns>The document.</returns>
    public static JsonObject ToJson(SequenceAnomalyDetector model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var o = model.Options;
        var state = new JsonObject();
        foreach (var (name, t) in model.OrderedStateDict())
        {
            var values = TensorData.ToArray<float>(t);
            state[name] = new JsonObject
            {
                ["shape"] = JsonSerializer.SerializeToNode(t.shape),
                ["data"] = Convert.ToBase64String(MemoryMarshal.AsBytes(values.AsSpan())),
            };
        }
        return new JsonObject
        {
            ["eventFeatures"] = o.EventFeatures,
            ["cell"] = o.Cell.ToString(),
            ["hiddenSize"] = o.HiddenSize,
            ["layers"] = o.Layers,
            ["dropout"] = o.Dropout,
            ["headHidden"] = o.HeadHidden,
            ["state"] = state,
        };
    }

    /// <summary>Rebuilds the network of a document (in evaluation mode).</summary>
    /// <param name="document">The document of <see cref="ToJson"/>.</param>
    /// <returns>The network.</returns>
    /// <exception cref="InvalidDataException">A field is missing or malformed, or the state does not fit the shape.</exception>
    public static SequenceAnomalyDetector FromJson(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        SequenceAnomalyDetectorOptions options;
        try
        {
            options = new SequenceAnomalyDetectorOptions
            {
                EventFeatures = Get<int>(document, "eventFeatures"),
                Cell = Enum.Parse<RecurrentCell>(Get<string>(document, "cell")),
                HiddenSize = Get<int>(document, "hiddenSize"),
                Layers = Get<int>(document, "layers"),
                Dropout = Get<double>(document, "dropout"),
                HeadHidden = Get<int>(document, "headHidden"),
            };
            options.Validate();
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"The saved sequence detector is malformed: {ex.Message}", ex);
        }
        // The expected names and shapes follow from the options alone; check the document against them before allocating.
        var expected = ExpectedShapes(options);
        var state = Get<JsonObject>(document, "state");
        var decoded = new List<(string Name, long[] Shape, byte[] Bytes)>();
        foreach (var (name, node) in state)
        {
            if (!expected.TryGetValue(name, out var shape))
                throw new InvalidDataException($"The saved sequence detector has an unexpected tensor '{name}'.");
            var entry = node as JsonObject ?? throw new InvalidDataException($"State entry '{name}' is not an object.");
            long[] saved;
            byte[] bytes;
            try
            {
                saved = Get<long[]>(entry, "shape");
                bytes = Convert.FromBase64String(Get<string>(entry, "data"));
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                throw new InvalidDataException($"State entry '{name}' is malformed: {ex.Message}", ex);
            }
            if (!saved.SequenceEqual(shape))
                throw new InvalidDataException($"State entry '{name}' has shape [{string.Join(", ", saved)}]; the network needs [{string.Join(", ", shape)}].");
            if (bytes.LongLength != shape.Aggregate(4L, (a, b) => a * b))
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"State entry '{name}' holds {bytes.LongLength} bytes; shape [{string.Join(", ", shape)}] needs {shape.Aggregate(4L, (a, b) => a * b)}."));
            decoded.Add((name, saved, bytes));
        }
        foreach (var name in expected.Keys)
            if (!state.ContainsKey(name)) throw new InvalidDataException($"The saved sequence detector has no tensor '{name}'.");
        var model = new SequenceAnomalyDetector(options);
        using (var scope = NewDisposeScope())
        {
            var tensors = decoded.Select(d => new KeyValuePair<string, Tensor>(d.Name, TensorData.FromSpan<float>(MemoryMarshal.Cast<byte, float>(d.Bytes), d.Shape))).ToList();
            model.LoadStateDict(tensors, strict: true);
        }
        model.eval();
        return model;
    }

    private static Dictionary<string, long[]> ExpectedShapes(SequenceAnomalyDetectorOptions o)
    {
        var gates = o.Cell == RecurrentCell.Lstm ? 4 : 3;
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        for (var layer = 0; layer < o.Layers; layer++)
        {
            var input = layer == 0 ? o.StepWidth : o.HiddenSize;
            shapes[$"rnn.weight_ih_l{layer}"] = [gates * o.HiddenSize, input];
            shapes[$"rnn.weight_hh_l{layer}"] = [gates * o.HiddenSize, o.HiddenSize];
            shapes[$"rnn.bias_ih_l{layer}"] = [gates * o.HiddenSize];
            shapes[$"rnn.bias_hh_l{layer}"] = [gates * o.HiddenSize];
        }
        shapes["head.0.weight"] = [o.HeadHidden, o.HiddenSize];
        shapes["head.0.bias"] = [o.HeadHidden];
        shapes["head.2.weight"] = [1, o.HeadHidden];
        shapes["head.2.bias"] = [1];
        shapes["next_step.weight"] = [o.EventFeatures + 1, o.HiddenSize];
        shapes["next_step.bias"] = [o.EventFeatures + 1];
        return shapes;
    }

    private static T Get<T>(JsonObject obj, string name)
    {
        if (!obj.TryGetPropertyValue(name, out var node) || node is null) throw new InvalidDataException($"The saved sequence detector has no field '{name}'.");
        if (typeof(T) == typeof(JsonObject)) return (T)(object)(node as JsonObject ?? throw new InvalidDataException($"The field '{name}' is not an object."));
        try
        {
            return node.Deserialize<T>() ?? throw new InvalidDataException($"The field '{name}' is null.");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"The field '{name}' is malformed: {ex.Message}", ex);
        }
    }
}
