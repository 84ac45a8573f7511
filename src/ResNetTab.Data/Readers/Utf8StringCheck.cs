using System.Text.Json;

namespace ResNetTab.Data;

/// <summary>
/// Finds the first string (value or property name) of a JSON record that cannot be turned into text:
/// invalid UTF-8 bytes, or an escape that leaves an unpaired surrogate (<c>"\ud800"</c>). The JSON
/// parser accepts both and fails only when the string is read, so records are checked before use.
/// </summary>
internal static class Utf8StringCheck
{
    /// <summary>The byte offset (within <paramref name="json"/>) and description of the first bad string, or null when all are fine.</summary>
    public static (long Offset, string Message)? FindInvalid(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(json, options);
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) continue;
            if (!reader.ValueIsEscaped && !reader.HasValueSequence && System.Text.Ascii.IsValid(reader.ValueSpan)) continue;
            try
            {
                reader.GetString();
            }
            catch (InvalidOperationException ex)
            {
                var what = reader.TokenType == JsonTokenType.PropertyName ? "a property name" : "a string value";
                return (reader.TokenStartIndex, $"{what} is not valid text ({ex.Message})");
            }
        }
        return null;
    }

    /// <summary>1-based line and column of byte <paramref name="offset"/> in a segment that starts at (<paramref name="line"/>, <paramref name="column"/>).</summary>
    public static (long Line, long Column) Position(ReadOnlySpan<byte> data, long offset, long line, long column)
    {
        var before = data[..(int)Math.Min(offset, data.Length)];
        var newlines = before.Count((byte)'\n');
        if (newlines == 0) return (line, column + offset);
        return (line + newlines, offset - before.LastIndexOf((byte)'\n'));
    }
}
