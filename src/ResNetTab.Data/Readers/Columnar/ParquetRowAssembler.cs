using System.Text.Json;
using Parquet.Schema;

namespace ResNetTab.Data;

/// <summary>
/// Turns the leaf columns of one row group back into rows (Dremel record assembly), each written as a JSON object:
/// structs become objects, lists arrays, maps objects keyed by the map's key; a null struct, list or value is JSON
/// <c>null</c> and an empty list <c>[]</c>, so a row flattens exactly as the JSON twin of the event does.
/// </summary>
internal sealed class ParquetRowAssembler
{
    private readonly IReadOnlyList<Field> _fields;
    private readonly Dictionary<Field, ParquetLeaf[]> _leaves = [];

    public ParquetRowAssembler(IReadOnlyList<Field> fields, IReadOnlyDictionary<DataField, ParquetLeaf> columns)
    {
        _fields = fields;
        foreach (var f in fields) Collect(f, columns);
    }

    /// <summary>Writes the next row as a JSON object.</summary>
    public void WriteRow(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        foreach (var f in _fields)
        {
            w.WritePropertyName(f.Name);
            Write(w, f, 0);
        }
        w.WriteEndObject();
    }

    /// <summary>True when every column has been consumed (checked after the last row of a group).</summary>
    public bool Consumed => _leaves.Values.All(ls => ls.All(l => l.AtEnd));

    private ParquetLeaf[] Collect(Field f, IReadOnlyDictionary<DataField, ParquetLeaf> columns)
    {
        ParquetLeaf[] leaves = f switch
        {
            DataField d => [columns[d]],
            StructField s => [.. s.Fields.SelectMany(c => Collect(c, columns))],
            ListField l => Collect(l.Item, columns),
            MapField m => [.. Collect(m.Key, columns), .. Collect(m.Value, columns)],
            _ => throw new NotSupportedException($"field '{f.Path}' has the unsupported schema type {f.SchemaType}"),
        };
        if (leaves.Length == 0) throw new InvalidDataException($"field '{f.Path}' has no columns");
        _leaves[f] = leaves;
        return leaves;
    }

    // repetition: the repetition level of the innermost list this field sits in (0 at the top).
    private void Write(Utf8JsonWriter w, Field f, int repetition)
    {
        var leaves = _leaves[f];
        var first = leaves[0];
        switch (f)
        {
            case ListField l:
                WriteRepeated(w, leaves, l.MaxDefinitionLevel, l.MaxRepetitionLevel, () => Write(w, l.Item, l.MaxRepetitionLevel));
                return;
            case MapField m:
                WriteMap(w, m, leaves);
                return;
            case StructField s when s.MaxRepetitionLevel > repetition:
                // A repeated group without a LIST annotation (older writers): an array of objects.
                WriteRepeated(w, leaves, s.MaxDefinitionLevel, s.MaxRepetitionLevel, () => WriteStruct(w, s, s.MaxRepetitionLevel));
                return;
            case StructField s:
                if (first.Definition < s.MaxDefinitionLevel) { SkipNull(w, leaves); return; }
                WriteStruct(w, s, repetition);
                return;
            case DataField d when d.MaxRepetitionLevel > repetition:
                // A repeated primitive without a LIST annotation: an array of scalars.
                WriteRepeated(w, leaves, d.MaxDefinitionLevel, d.MaxRepetitionLevel, () => first.Write(w));
                return;
            default:
                first.Write(w);
                return;
        }
    }

    private void WriteStruct(Utf8JsonWriter w, StructField s, int repetition)
    {
        w.WriteStartObject();
        foreach (var c in s.Fields)
        {
            w.WritePropertyName(c.Name);
            Write(w, c, repetition);
        }
        w.WriteEndObject();
    }

    // elementDefinition: the definition level from which an element is present; one less is an empty list and
    // anything lower a null list (or a null parent, already handled above).
    private static void WriteRepeated(Utf8JsonWriter w, ParquetLeaf[] leaves, int elementDefinition, int repetition, Action writeElement)
    {
        var first = leaves[0];
        var d = first.Definition;
        if (d < elementDefinition - 1) { SkipNull(w, leaves); return; }
        w.WriteStartArray();
        if (d == elementDefinition - 1) Skip(leaves);
        else
        {
            do writeElement();
            while (!first.AtEnd && first.Repetition == repetition);
        }
        w.WriteEndArray();
    }

    private void WriteMap(Utf8JsonWriter w, MapField m, ParquetLeaf[] leaves)
    {
        var first = leaves[0];
        var d = first.Definition;
        if (d < m.MaxDefinitionLevel - 1) { SkipNull(w, leaves); return; }
        w.WriteStartObject();
        if (d == m.MaxDefinitionLevel - 1) Skip(leaves);
        else
        {
            var key = _leaves[m.Key];
            if (key.Length != 1) throw new NotSupportedException($"map '{m.Path}' has a key that is not a single column");
            do
            {
                w.WritePropertyName(key[0].TakeText() ?? "null");
                Write(w, m.Value, m.MaxRepetitionLevel);
            }
            while (!first.AtEnd && first.Repetition == m.MaxRepetitionLevel);
        }
        w.WriteEndObject();
    }

    private static void SkipNull(Utf8JsonWriter w, ParquetLeaf[] leaves)
    {
        Skip(leaves);
        w.WriteNullValue();
    }

    private static void Skip(ParquetLeaf[] leaves)
    {
        foreach (var l in leaves) l.Skip();
    }
}
