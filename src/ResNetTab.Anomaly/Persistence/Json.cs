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

    public static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value);
}
