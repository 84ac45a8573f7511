using System.Text.Json;

using TorchSharp;

namespace ResNetTab.Engine.Serialization;

/// <summary>
/// A parsed and validated safetensors header: the tensors in header order and the optional
/// <c>__metadata__</c> map. Validation follows the format: known dtypes, byte counts that match
/// shape × element size, and offsets that tile the data section exactly (no overlap, no gap, nothing
/// beyond the end of the file, nothing after the last tensor).
/// </summary>
internal sealed class SafetensorsHeader
{
    /// <summary>Most dimensions a tensor may have (libtorch's own limit for most operations is lower).</summary>
    internal const int MaxRank = 64;

    private SafetensorsHeader(IReadOnlyList<SafetensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        Entries = entries;
        Metadata = metadata;
    }

    /// <summary>The tensors in the order the header lists them.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> map, or null when the file has none.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; }

    /// <summary>Parses <paramref name="json"/> for a data section of <paramref name="dataLength"/> bytes.</summary>
    /// <exception cref="InvalidDataException">The header is corrupt or does not fit the data.</exception>
    public static SafetensorsHeader Parse(string path, ReadOnlyMemory<byte> json, long dataLength)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
            throw SafetensorsErrors.Invalid(path, "the header is not valid UTF-8 text; the file is corrupt or not a safetensors file");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw SafetensorsErrors.Invalid(path, $"the header is not valid JSON ({e.Message}); the file is corrupt or not a safetensors file", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw SafetensorsErrors.Invalid(path, $"the header is a JSON {root.ValueKind} instead of an object");
            var entries = new List<SafetensorsEntry>();
            Dictionary<string, string>? metadata = null;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!names.Add(property.Name))
                    throw SafetensorsErrors.Invalid(path, $"the header names '{property.Name}' more than once");
                if (property.Name == SafetensorsLayout.MetadataKey) metadata = ParseMetadata(path, property.Value);
                else entries.Add(ParseEntry(path, property.Name, property.Value));
            }
            CheckOffsets(path, entries, dataLength);
            return new SafetensorsHeader(entries, metadata);
        }
    }

    private static Dictionary<string, string> ParseMetadata(string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw SafetensorsErrors.Invalid(path, $"'{SafetensorsLayout.MetadataKey}' must be an object of strings, not a JSON {value.ValueKind}");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in value.EnumerateObject())
        {
            if (pair.Value.ValueKind != JsonValueKind.String)
                throw SafetensorsErrors.Invalid(path, $"metadata entry '{pair.Name}' must be a string, not a JSON {pair.Value.ValueKind}");
            result[pair.Name] = pair.Value.GetString()!;
        }
        return result;
    }

    private static SafetensorsEntry ParseEntry(string path, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw SafetensorsErrors.Invalid(path, $"tensor '{name}' is described by a JSON {value.ValueKind} instead of an object");
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw SafetensorsErrors.Invalid(path, $"tensor '{name}' has no \"dtype\" string");
        var dtypeName = dtypeElement.GetString()!;
        if (!SafetensorsDType.TryParse(dtypeName, out var dtype))
            throw SafetensorsErrors.Invalid(path, $"tensor '{name}' has unknown or unsupported dtype \"{dtypeName}\" (supported: F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
        var shape = ReadIntegers(path, name, value, "shape", null);
        if (shape.Length > MaxRank)
            throw SafetensorsErrors.Invalid(path, $"tensor '{name}' has {shape.Length} dimensions, more than the {MaxRank} a tensor can have");
        var offsets = ReadIntegers(path, name, value, "data_offsets", 2);
        var (begin, end) = (offsets[0], offsets[1]);
        if (end < begin)
            throw SafetensorsErrors.Invalid(path, $"tensor '{name}' has data_offsets [{begin}, {end}] that end before they begin");
        if (!SafetensorsLayout.TryByteCount(dtype, shape, out var expected))
            throw SafetensorsErrors.Invalid(path, $"tensor '{name}' of shape [{string.Join(", ", shape)}] holds more than 2^63 bytes");
        if (end - begin != expected)
            throw SafetensorsErrors.Invalid(path, $"tensor '{name}' of dtype {dtypeName} and shape [{string.Join(", ", shape)}] needs {expected} bytes, but its data_offsets [{begin}, {end}] span {end - begin}");
        return new SafetensorsEntry(name, dtype, shape, begin, end);
    }

    private static long[] ReadIntegers(string path, string name, JsonElement value, string field, int? count)
    {
        if (!value.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
            throw SafetensorsErrors.Invalid(path, $"tensor '{name}' has no \"{field}\" array");
        var result = new long[array.GetArrayLength()];
        if (count is not null && result.Length != count)
            throw SafetensorsErrors.Invalid(path, $"tensor '{name}' has {result.Length} \"{field}\" values instead of {count}");
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v) || v < 0)
                throw SafetensorsErrors.Invalid(path, $"tensor '{name}' has \"{field}\" value {item.GetRawText()}, which is not a non-negative 64-bit integer");
            result[i++] = v;
        }
        return result;
    }

    /// <summary>Offsets must tile [0, dataLength) exactly, in any header order.</summary>
    private static void CheckOffsets(string path, List<SafetensorsEntry> entries, long dataLength)
    {
        var byOffset = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long position = 0;
        SafetensorsEntry? previous = null;
        foreach (var e in byOffset)
        {
            if (e.Begin < position)
                throw SafetensorsErrors.Invalid(path, $"tensor '{e.Name}' data_offsets [{e.Begin}, {e.End}] overlap tensor '{previous!.Name}' [{previous.Begin}, {previous.End}]");
            if (e.Begin > position)
                throw SafetensorsErrors.Invalid(path, previous is null
                    ? $"the first tensor, '{e.Name}', starts at data offset {e.Begin} instead of 0"
                    : $"{e.Begin - position} bytes between tensor '{previous.Name}' (ending at {position}) and tensor '{e.Name}' (starting at {e.Begin}) belong to no tensor");
            if (e.End > dataLength)
                throw SafetensorsErrors.Invalid(path, $"the file is truncated: tensor '{e.Name}' needs data bytes [{e.Begin}, {e.End}), but only {dataLength} bytes of data follow the header");
            position = e.End;
            if (e.End > e.Begin || previous is null) previous = e;
        }
        if (position < dataLength)
            throw SafetensorsErrors.Invalid(path, $"{dataLength - position} bytes after the last tensor's data belong to no tensor");
    }
}
