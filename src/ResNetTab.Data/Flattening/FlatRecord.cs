
namespace ResNetTab.Data;

/// <summary>A record flattened to dotted paths (<c>src_endpoint.ip</c>) and scalar values.</summary>
public sealed class FlatRecord
{
    /// <summary>Creates an empty record.</summary>
    public FlatRecord(RecordLocation? location = null)
    {
        Location = location;
    }

    internal FlatRecord(RecordLocation? location, int capacity)
    {
        Fields = new Dictionary<string, FieldValue>(capacity, StringComparer.Ordinal);
        Location = location;
    }

    /// <summary>Creates a record from existing fields (copied).</summary>
    public FlatRecord(IEnumerable<KeyValuePair<string, FieldValue>> fields, RecordLocation? location = null)
    {
        foreach (var (k, v) in fields) Fields[k] = v;
        Location = location;
    }

    /// <summary>Path to value, ordinal keys.</summary>
    public Dictionary<string, FieldValue> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the record came from, when read from a file.</summary>
    public RecordLocation? Location { get; init; }

    /// <summary>Number of flattened fields.</summary>
    public int Count => Fields.Count;

    /// <summary>Value at <paramref name="path"/>, or null when absent.</summary>
    public FieldValue? this[string path] => Fields.TryGetValue(path, out var v) ? v : null;

    /// <summary>Sets a value.</summary>
    public void Set(string path, FieldValue value) => Fields[path] = value;
}
