using System.Globalization;
using System.Text;

using TorchSharp;

namespace ResNetTab.Engine.Serialization;

/// <summary>
/// Plans a safetensors file before any data is written: the order of the tensors, their 64-bit data
/// offsets and the padded JSON header. Works from dtypes and shapes alone, so it is cheap for any size.
/// </summary>
internal static class SafetensorsLayout
{
    /// <summary>Largest header the readers of the format accept (100 MB).</summary>
    internal const long MaxHeaderLength = 100_000_000;

    internal const string MetadataKey = "__metadata__";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Lays the tensors out as the reference implementation does: by descending dtype alignment, then
    /// by name (UTF-8 byte order), each tensor's bytes right after the previous one's.
    /// </summary>
    /// <exception cref="ArgumentException">A name is empty, repeated or reserved, a shape is negative, or the sizes overflow.</exception>
    internal static SafetensorsPlan Plan(IEnumerable<(string Name, torch.ScalarType DType, long[] Shape)> tensors,
        IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var items = new List<(string Name, byte[] Utf8, torch.ScalarType DType, long[] Shape)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, dtype, shape) in tensors)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A tensor name must not be empty.", nameof(tensors));
            if (name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' is reserved for metadata and cannot name a tensor.", nameof(tensors));
            if (!seen.Add(name)) throw new ArgumentException($"The tensor name '{name}' appears more than once.", nameof(tensors));
            SafetensorsDType.Rank(dtype);
            items.Add((name, Utf8(name), dtype, shape));
        }
        items.Sort((a, b) =>
        {
            var byType = SafetensorsDType.Rank(b.DType).CompareTo(SafetensorsDType.Rank(a.DType));
            return byType != 0 ? byType : a.Utf8.AsSpan().SequenceCompareTo(b.Utf8);
        });

        var entries = new List<SafetensorsEntry>(items.Count);
        long offset = 0;
        foreach (var (name, _, dtype, shape) in items)
        {
            var bytes = ByteCount(name, dtype, shape);
            long end;
            try { end = checked(offset + bytes); }
            catch (OverflowException) { throw new ArgumentException($"The tensors up to '{name}' hold more than 2^63 bytes.", nameof(tensors)); }
            entries.Add(new SafetensorsEntry(name, dtype, (long[])shape.Clone(), offset, end));
            offset = end;
        }
        return new SafetensorsPlan(entries, Header(entries, metadata), offset);
    }

    /// <summary>Bytes of a tensor of <paramref name="shape"/> and <paramref name="dtype"/>, with overflow checks.</summary>
    internal static long ByteCount(string name, torch.ScalarType dtype, IReadOnlyList<long> shape)
    {
        if (shape.Any(d => d < 0)) throw new ArgumentException($"Tensor '{name}' has a negative dimension in shape [{string.Join(", ", shape)}].");
        return TryByteCount(dtype, shape, out var bytes) ? bytes
            : throw new ArgumentException($"Tensor '{name}' of shape [{string.Join(", ", shape)}] holds more than 2^63 bytes.");
    }

    /// <summary>Bytes of a tensor of non-negative <paramref name="shape"/>; false when the count overflows 64 bits.</summary>
    internal static bool TryByteCount(torch.ScalarType dtype, IReadOnlyList<long> shape, out long bytes)
    {
        bytes = SafetensorsDType.ElementSize(dtype);
        foreach (var d in shape)
        {
            if (d != 0 && bytes > long.MaxValue / d) return false;
            bytes *= d;
        }
        return true;
    }

    /// <summary>The compact JSON header, padded with spaces to a multiple of 8 bytes.</summary>
    private static byte[] Header(IReadOnlyList<SafetensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        var json = new StringBuilder("{");
        var first = true;
        if (metadata is not null)
        {
            json.Append('"').Append(MetadataKey).Append("\":{");
            var firstPair = true;
            foreach (var (key, value) in metadata)
            {
                ArgumentNullException.ThrowIfNull(value, nameof(metadata));
                if (!firstPair) json.Append(',');
                AppendString(json, key).Append(':');
                AppendString(json, value);
                firstPair = false;
            }
            json.Append('}');
            first = false;
        }
        foreach (var e in entries)
        {
            if (!first) json.Append(',');
            first = false;
            AppendString(json, e.Name).Append(":{\"dtype\":\"").Append(SafetensorsDType.NameOf(e.DType)).Append("\",\"shape\":[");
            for (var i = 0; i < e.Shape.Count; i++)
            {
                if (i > 0) json.Append(',');
                json.Append(e.Shape[i].ToString(CultureInfo.InvariantCulture));
            }
            json.Append("],\"data_offsets\":[").Append(e.Begin.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(e.End.ToString(CultureInfo.InvariantCulture)).Append("]}");
        }
        json.Append('}');
        var bytes = Utf8(json.ToString());
        var padded = (bytes.Length + 7) / 8 * 8;
        if (padded > MaxHeaderLength) throw new ArgumentException($"The safetensors header would take {padded} bytes, more than the format's limit of {MaxHeaderLength}.");
        var result = new byte[padded];
        bytes.CopyTo(result, 0);
        result.AsSpan(bytes.Length).Fill((byte)' ');
        return result;
    }

    private static byte[] Utf8(string text)
    {
        try { return StrictUtf8.GetBytes(text); }
        catch (EncoderFallbackException e) { throw new ArgumentException($"'{text}' is not valid Unicode text and cannot be stored in a safetensors header.", e); }
    }

    /// <summary>Appends a JSON string escaped as serde_json and Python's json module do (non-ASCII kept as is).</summary>
    private static StringBuilder AppendString(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                default:
                    if (c < 0x20) json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else json.Append(c);
                    break;
            }
        }
        return json.Append('"');
    }
}

/// <summary>A planned safetensors file: tensors in file order with their offsets, and the padded header.</summary>
/// <param name="Entries">The tensors in the order their data is written.</param>
/// <param name="Header">The UTF-8 JSON header, padded with spaces to a multiple of 8 bytes.</param>
/// <param name="DataLength">Total bytes of tensor data.</param>
internal sealed record SafetensorsPlan(IReadOnlyList<SafetensorsEntry> Entries, byte[] Header, long DataLength)
{
    /// <summary>Total file size: the 8-byte length, the header and the data.</summary>
    public long FileLength => checked(8 + Header.Length + DataLength);
}
