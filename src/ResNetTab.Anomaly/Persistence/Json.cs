using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResNetTab.Anomaly;

/// <summary>Typed reads from saved scorer files with errors that name the missing or malformed field.</summary>
internal static class Json
{
    public static T Get<T>(JsonObject obj, string name)
    {
        if (!obj.TryGetPropertyValue(name, out var node))
            throw new InvalidDataException($"Saved scorer is missing the field '{name}'.");
        if (node is null)
        {
            // Only an optional value (int?, double?) may be null; a null array, object or string is damage.
            if (Nullable.GetUnderlyingType(typeof(T)) is not null) return default!;
            throw new InvalidDataException($"Saved scorer field '{name}' is null.");
        }
        if (typeof(T) == typeof(JsonArray)) return (T)(object)node.AsArray();
        if (typeof(T) == typeof(JsonObject)) return (T)(object)node.AsObject();
        try
        {
            return node.Deserialize<T>() ?? throw new InvalidDataException($"Saved scorer field '{name}' is null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Saved scorer field '{name}' is malformed: {e.Message}", e);
        }
    }

    /// <summary>An integer field that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int GetInt(JsonObject obj, string name, int min, int max)
    {
        int value = Get<int>(obj, name);
        if (value < min || value > max)
            throw new InvalidDataException($"Saved scorer field '{name}' is {value}; it must lie in [{min}, {max}].");
        return value;
    }

    /// <summary>A named member of <typeparamref name="T"/> (numbers and unknown names are refused).</summary>
    public static T GetEnum<T>(JsonObject obj, string name) where T : struct, Enum
    {
        string text = Get<string>(obj, name);
        if (!Enum.GetNames<T>().Contains(text, StringComparer.Ordinal))
            throw new InvalidDataException($"Saved scorer field '{name}' is '{text}', not one of {string.Join(", ", Enum.GetNames<T>())}.");
        return Enum.Parse<T>(text);
    }

    /// <summary>A double array of exactly <paramref name="length"/> finite values (any length when null).</summary>
    public static double[] GetFinite(JsonObject obj, string name, int? length = null)
    {
        var values = Get<double[]>(obj, name);
        if (length is int n && values.Length != n)
            throw new InvalidDataException($"Saved scorer field '{name}' has {values.Length} values; {n} expected.");
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw new InvalidDataException($"Saved scorer field '{name}' holds a non-finite value at {i}.");
        return values;
    }

    /// <summary>A saved row-major float matrix: its "columns" field and its "data" array, whole rows of finite values.</summary>
    public static FeatureMatrix GetMatrix(JsonObject obj, string dataName = "data", string columnsName = "columns")
    {
        int columns = GetInt(obj, columnsName, 1, ScorerPersistence.MaxFeatures);
        var data = Get<float[]>(obj, dataName);
        if (data.Length == 0 || data.Length % columns != 0)
            throw new InvalidDataException($"Saved scorer field '{dataName}' has {data.Length} values, not a positive multiple of {columns} columns.");
        for (int i = 0; i < data.Length; i++)
            if (!float.IsFinite(data[i])) throw new InvalidDataException($"Saved scorer field '{dataName}' holds a non-finite value at {i}.");
        return FeatureMatrix.Wrap(data, columns);
    }

    /// <summary>Refuses a document whose model implies another feature count than the document's "featureCount".</summary>
    public static void SameFeatures(int modelColumns, int featureCount)
    {
        if (modelColumns != featureCount)
            throw new InvalidDataException($"Saved scorer's model has {modelColumns} columns but its field 'featureCount' says {featureCount}.");
    }

    public static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value);
}
