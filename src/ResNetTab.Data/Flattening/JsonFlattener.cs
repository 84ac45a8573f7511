using System.Globalization;
using System.Text.Json;

namespace ResNetTab.Data;

/// <summary>
/// Flattens a JSON object to dotted paths. Rules (see docs/data.md):
/// objects recurse with <c>parent.child</c>; scalars are kept as they are; <c>null</c> is kept as
/// <see cref="FieldValue.Null"/>; every array gives <c>path.len</c>; arrays of scalars also give their first
/// <see cref="FlattenOptions.ArrayFirstK"/> values as <c>path[i]</c> and an order-insensitive set hash
/// <c>path.set</c>; arrays of objects give their first element flattened under <c>path[0].</c> and, per scalar
/// field of the elements, a bag <c>path[].field</c> of its values across all elements;
/// arrays nested directly in arrays are only counted. Thread-safe.
/// </summary>
public sealed class JsonFlattener
{
    /// <summary>Creates a flattener.</summary>
    public JsonFlattener(FlattenOptions? options = null)
    {
        Options = options ?? FlattenOptions.Default;
    }

    /// <summary>The rules in use.</summary>
    public FlattenOptions Options { get; }

    /// <summary>Flattens a JSON object. A non-object root is an error.</summary>
    /// <exception cref="ArgumentException">The root is not a JSON object.</exception>
    public FlatRecord Flatten(JsonElement root, RecordLocation? location = null)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new ArgumentException($"Expected a JSON object at the top level, found {root.ValueKind}.", nameof(root));
        var record = new FlatRecord(location);
        FlattenInto(root, record.Fields);
        return record;
    }

    /// <summary>Adds the flattened fields of an object to <paramref name="target"/>.</summary>
    public void FlattenInto(JsonElement root, IDictionary<string, FieldValue> target)
    {
        foreach (var p in root.EnumerateObject()) Visit(p.Value, p.Name, 1, target);
    }

    private void Visit(JsonElement e, string path, int depth, IDictionary<string, FieldValue> target)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                if (depth >= Options.MaxDepth) { target[path] = FieldValue.FromString(e.GetRawText()); return; }
                foreach (var p in e.EnumerateObject()) Visit(p.Value, path + "." + p.Name, depth + 1, target);
                return;
            case JsonValueKind.Array:
                VisitArray(e, path, depth, target);
                return;
            default:
                target[path] = Scalar(e);
                return;
        }
    }

    private void VisitArray(JsonElement array, string path, int depth, IDictionary<string, FieldValue> target)
    {
        var length = array.GetArrayLength();
        target[path + ".len"] = FieldValue.FromNumber(length);
        if (length == 0 || depth >= Options.MaxDepth) return;

        // The first element decides how the array is summarised; mixed arrays are rare in OCSF.
        var first = array[0];
        if (first.ValueKind == JsonValueKind.Object)
        {
            if (Options.FlattenFirstObject)
                foreach (var p in first.EnumerateObject()) Visit(p.Value, path + "[0]." + p.Name, depth + 1, target);
            if (Options.AggregateObjectArrays)
            {
                var bags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var element in array.EnumerateArray())
                    if (element.ValueKind == JsonValueKind.Object) CollectBags(element, path + "[]", depth + 1, bags);
                foreach (var (bagPath, items) in bags) target[bagPath] = FieldValue.FromBag(items);
            }
            return;
        }
        if (first.ValueKind == JsonValueKind.Array) return;

        var k = Math.Min(Options.ArrayFirstK, length);
        for (var i = 0; i < k; i++)
        {
            var item = array[i];
            if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array) continue;
            target[path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]"] = Scalar(item);
        }
        if (Options.HashScalarArraySets) target[path + ".set"] = FieldValue.FromString(SetHash(array));
    }

    // Adds the scalar fields of one array element to the bags prefix.field (nested objects recursed, arrays not).
    private void CollectBags(JsonElement element, string prefix, int depth, Dictionary<string, List<string>> bags)
    {
        foreach (var p in element.EnumerateObject())
        {
            var path = prefix + "." + p.Name;
            switch (p.Value.ValueKind)
            {
                case JsonValueKind.Object when depth < Options.MaxDepth:
                    CollectBags(p.Value, path, depth + 1, bags);
                    break;
                case JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null:
                    break;
                default:
                    if (!bags.TryGetValue(path, out var items)) bags[path] = items = [];
                    items.Add(Scalar(p.Value).ToCategory()!);
                    break;
            }
        }
    }

    /// <summary>
    /// Order-insensitive hash of the distinct scalar values of an array: the FNV-1a hashes of the
    /// canonical texts, de-duplicated, sorted and hashed again; 16 lowercase hex digits.
    /// </summary>
    public static string SetHash(JsonElement array)
    {
        var hashes = new List<ulong>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array) continue;
            hashes.Add(StableHash.Fnv1a64(Scalar(item).ToCategory() ?? "null"));
        }
        return SetHash(hashes);
    }

    /// <summary>Order-insensitive hash of a set of category texts (same result as the JSON overload).</summary>
    public static string SetHash(IEnumerable<string> values) => SetHash(values.Select(StableHash.Fnv1a64).ToList());

    internal static string SetHash(List<ulong> hashes)
    {
        hashes.Sort();
        Span<byte> bytes = stackalloc byte[8];
        var h = StableHash.OffsetBasis;
        ulong? previous = null;
        foreach (var x in hashes)
        {
            if (previous == x) continue;
            previous = x;
            BitConverter.TryWriteBytes(bytes, x);
            if (!BitConverter.IsLittleEndian) bytes.Reverse();
            foreach (var b in bytes) { h ^= b; h *= StableHash.Prime; }
        }
        return h.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static FieldValue Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => FieldValue.FromString(e.GetString()!),
        JsonValueKind.Number => FieldValue.FromNumber(e.TryGetDouble(out var d) ? d : double.NaN),
        JsonValueKind.True => FieldValue.FromBoolean(true),
        JsonValueKind.False => FieldValue.FromBoolean(false),
        _ => FieldValue.Null,
    };
}
