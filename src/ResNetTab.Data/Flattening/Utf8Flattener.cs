using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ResNetTab.Data;

/// <summary>
/// Flattens one JSON object straight from its UTF-8 bytes with <see cref="Utf8JsonReader"/>, giving exactly the
/// paths and values of <see cref="JsonFlattener"/> without building a <see cref="JsonDocument"/>. Paths are
/// interned per thread (a bounded table), so the repeated paths of a data set are not allocated per record.
/// Invalid JSON throws <see cref="JsonException"/>; callers fall back to the document path to report it.
/// </summary>
internal sealed class Utf8Flattener
{
    /// <summary>Receives the flattened values; <see cref="Accept"/> lets it skip paths it does not need (no value is built).</summary>
    public interface ITarget
    {
        bool Accept(string path);
        void Set(string path, FieldValue value);
    }

    private sealed class RecordTarget(Dictionary<string, FieldValue> fields) : ITarget
    {
        public bool Accept(string path) => true;
        public void Set(string path, FieldValue value) => fields[path] = value;
    }

    private const int MaxInterned = 1 << 16;

    [ThreadStatic] private static Dictionary<string, string>? t_paths;
    [ThreadStatic] private static char[]? t_path;

    private readonly FlattenOptions _o;
    private readonly JsonReaderOptions _reader;

    public Utf8Flattener(FlattenOptions options, RecordReaderOptions? readerOptions = null)
    {
        _o = options;
        var r = readerOptions ?? RecordReaderOptions.Default;
        _reader = new JsonReaderOptions
        {
            AllowTrailingCommas = r.Tolerant,
            CommentHandling = r.Tolerant ? JsonCommentHandling.Skip : JsonCommentHandling.Disallow,
            MaxDepth = r.MaxDepth,
        };
    }

    /// <summary>Last record size, to pre-size the next record's dictionary (records of a file look alike).</summary>
    private int _sizeHint = 16;

    /// <summary>Flattens <paramref name="json"/>; false when the top-level value is not an object.</summary>
    public bool TryFlatten(ReadOnlySpan<byte> json, RecordLocation? location, out FlatRecord record)
    {
        record = new FlatRecord(location, _sizeHint);
        if (!TryFlatten(json, new RecordTarget(record.Fields))) return false;
        _sizeHint = Math.Max(16, record.Count);
        return true;
    }

    /// <summary>Flattens <paramref name="json"/> into <paramref name="target"/>; false when the top-level value is not an object.</summary>
    public bool TryFlatten(ReadOnlySpan<byte> json, ITarget target)
    {
        var reader = new Utf8JsonReader(json, _reader);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return false;
        var state = new State(target, t_paths ??= new Dictionary<string, string>(StringComparer.Ordinal), t_path ??= new char[256]);
        VisitObjectMembers(ref reader, json, ref state, 0, 1);
        if (reader.Read()) throw new JsonException("unexpected data after the top-level value");
        t_path = state.Path;
        return true;
    }

    private ref struct State(ITarget target, Dictionary<string, string> interned, char[] path)
    {
        public readonly ITarget Target = target;
        public readonly Dictionary<string, string> Interned = interned;
        public char[] Path = path;
    }

    // Reads the members of the object whose StartObject was just read; the path so far is Path[..pathLength].
    private void VisitObjectMembers(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref State s, int pathLength, int depth)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var length = AppendName(ref reader, ref s, pathLength, pathLength == 0 ? "" : ".");
            reader.Read();
            VisitValue(ref reader, json, ref s, length, depth);
        }
    }

    private void VisitValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref State s, int pathLength, int depth)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                if (depth >= _o.MaxDepth)
                {
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    var objectPath = Intern(ref s, pathLength);
                    if (s.Target.Accept(objectPath))
                        s.Target.Set(objectPath, FieldValue.FromString(Encoding.UTF8.GetString(json[start..((int)reader.TokenStartIndex + 1)])));
                    return;
                }
                VisitObjectMembers(ref reader, json, ref s, pathLength, depth + 1);
                return;
            case JsonTokenType.StartArray:
                VisitArray(ref reader, json, ref s, pathLength, depth);
                return;
            default:
                var path = Intern(ref s, pathLength);
                if (s.Target.Accept(path)) s.Target.Set(path, Scalar(ref reader));
                return;
        }
    }

    private void VisitArray(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref State s, int pathLength, int depth)
    {
        var length = 0;
        var summarise = depth < _o.MaxDepth;
        JsonTokenType first = JsonTokenType.None;
        List<ulong>? hashes = null;
        BagSet? bags = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var index = length++;
            var token = reader.TokenType;
            if (index == 0) first = token;
            var container = token is JsonTokenType.StartObject or JsonTokenType.StartArray;
            if (!summarise || first == JsonTokenType.StartArray)
            {
                if (container) reader.Skip();
                continue;
            }
            if (first == JsonTokenType.StartObject)
            {
                // Arrays of objects: the first element is flattened under path[0]; every object element adds its
                // scalar fields to the bags path[].field.
                if (token != JsonTokenType.StartObject)
                {
                    if (container) reader.Skip();
                    continue;
                }
                if (index == 0 && _o.FlattenFirstObject)
                {
                    var start = (int)reader.TokenStartIndex;
                    var p = AppendText(ref s, pathLength, "[0]");
                    VisitObjectMembers(ref reader, json, ref s, p, depth + 1);
                    // The first element is read a second time for its bag items (the reader only goes forward).
                    if (_o.AggregateObjectArrays)
                        CollectBags(json[start..((int)reader.TokenStartIndex + 1)], ref s, pathLength, depth + 1, bags ??= BagSet.Rent());
                }
                else if (_o.AggregateObjectArrays)
                    CollectMembers(ref reader, ref s, AppendText(ref s, pathLength, "[]"), depth + 1, bags ??= BagSet.Rent());
                else reader.Skip();
                continue;
            }
            if (container)
            {
                reader.Skip();
                continue;
            }
            var value = Scalar(ref reader);
            if (index < _o.ArrayFirstK)
            {
                var p = Intern(ref s, AppendText(ref s, pathLength, "[" + index.ToString(CultureInfo.InvariantCulture) + "]"));
                if (s.Target.Accept(p)) s.Target.Set(p, value);
            }
            if (_o.HashScalarArraySets) (hashes ??= []).Add(StableHash.Fnv1a64(value.ToCategory() ?? "null"));
        }
        if (bags != null)
        {
            for (var i = 0; i < bags.Count; i++)
                if (s.Target.Accept(bags.Path(i))) s.Target.Set(bags.Path(i), bags.Value(i));
            BagSet.Return(bags);
        }
        var lenPath = Intern(ref s, AppendText(ref s, pathLength, ".len"));
        if (s.Target.Accept(lenPath)) s.Target.Set(lenPath, FieldValue.FromNumber(length));
        if (summarise && length > 0 && _o.HashScalarArraySets && first is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            var setPath = Intern(ref s, AppendText(ref s, pathLength, ".set"));
            if (s.Target.Accept(setPath)) s.Target.Set(setPath, FieldValue.FromString(JsonFlattener.SetHash(hashes ?? [])));
        }
    }

    // Adds the scalar fields of one array element (an object, given as its bytes) to the bags path[].field.
    private void CollectBags(ReadOnlySpan<byte> element, ref State s, int pathLength, int depth, BagSet bags)
    {
        var reader = new Utf8JsonReader(element, _reader);
        reader.Read();
        CollectMembers(ref reader, ref s, AppendText(ref s, pathLength, "[]"), depth, bags);
    }

    private void CollectMembers(ref Utf8JsonReader reader, ref State s, int pathLength, int depth, BagSet bags)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var length = AppendName(ref reader, ref s, pathLength, ".");
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject when depth < _o.MaxDepth:
                    CollectMembers(ref reader, ref s, length, depth + 1, bags);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    break;
                case JsonTokenType.Null:
                    break;
                default:
                    var path = Intern(ref s, length);
                    if (s.Target.Accept(path)) bags.Add(path, ItemText(ref reader));
                    break;
            }
        }
    }

    // The category text of a scalar token (as FieldValue.ToCategory gives it), in a per-thread scratch buffer.
    private static ReadOnlySpan<char> ItemText(ref Utf8JsonReader reader)
    {
        var scratch = t_item ??= new char[256];
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var max = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                if (max > scratch.Length) t_item = scratch = new char[Math.Max(max, scratch.Length * 2)];
                return scratch.AsSpan(0, reader.CopyString(scratch));
            case JsonTokenType.Number:
                var x = reader.TryGetDouble(out var d) ? d : double.NaN;
                if (Math.Abs(x) < 1e15 && x == Math.Floor(x) && ((long)x).TryFormat(scratch, out var n, default, CultureInfo.InvariantCulture))
                    return scratch.AsSpan(0, n);
                return FieldValue.FormatNumber(x);
            case JsonTokenType.True:
                return "true";
            default:
                return "false";
        }
    }

    [ThreadStatic] private static char[]? t_item;

    private static FieldValue Scalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => FieldValue.FromString(reader.GetString()!),
        JsonTokenType.Number => FieldValue.FromNumber(reader.TryGetDouble(out var d) ? d : double.NaN),
        JsonTokenType.True => FieldValue.FromBoolean(true),
        JsonTokenType.False => FieldValue.FromBoolean(false),
        _ => FieldValue.Null,
    };

    private static int AppendName(ref Utf8JsonReader reader, ref State s, int pathLength, string separator)
    {
        var p = AppendText(ref s, pathLength, separator);
        var max = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        Ensure(ref s, p + max);
        // Names are short and mostly unescaped: decode straight into the path buffer.
        var written = reader.CopyString(s.Path.AsSpan(p));
        return p + written;
    }

    private static int AppendText(ref State s, int pathLength, string text)
    {
        Ensure(ref s, pathLength + text.Length);
        text.CopyTo(s.Path.AsSpan(pathLength));
        return pathLength + text.Length;
    }

    private static void Ensure(ref State s, int length)
    {
        if (length > s.Path.Length) Array.Resize(ref s.Path, Math.Max(length, s.Path.Length * 2));
    }

    private static string Intern(ref State s, int pathLength)
    {
        var span = s.Path.AsSpan(0, pathLength);
        var lookup = s.Interned.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(span, out var path)) return path;
        path = span.ToString();
        if (s.Interned.Count < MaxInterned) s.Interned[path] = path;
        return path;
    }
}
