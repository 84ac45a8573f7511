using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace ResNetTab.Data;

/// <summary>
/// One leaf column of a row group, read whole, with cursors over its levels and its values. Parquet stores only the
/// defined values (definition level at its maximum), densely; the levels say where nulls, empty lists and repeated
/// elements fall.
/// </summary>
internal abstract class ParquetLeaf : IDisposable
{
    private readonly RawColumnData _raw;
    private readonly bool _hasDefinition;
    private readonly bool _hasRepetition;
    private int _level;

    protected ParquetLeaf(DataField field, RawColumnData raw, int entries)
    {
        Field = field;
        _raw = raw;
        MaxDefinition = field.MaxDefinitionLevel;
        _hasDefinition = field.MaxDefinitionLevel > 0;
        _hasRepetition = field.MaxRepetitionLevel > 0;
        Entries = entries;
    }

    public DataField Field { get; }

    public int MaxDefinition { get; }

    /// <summary>Number of level entries (one per value, null or empty list at this leaf).</summary>
    public int Entries { get; }

    /// <summary>Index of the next value to write.</summary>
    protected int Value { get; private set; }

    public bool AtEnd => _level >= Entries;

    public int Definition => _hasDefinition ? _raw.DefinitionLevels[Checked(_level)] : MaxDefinition;

    public int Repetition => _hasRepetition ? _raw.RepetitionLevels[Checked(_level)] : 0;

    /// <summary>Skips one entry that is null or empty at some level above or at this leaf.</summary>
    public void Skip()
    {
        if (Definition == MaxDefinition) Value++;
        _level++;
    }

    /// <summary>Writes the current entry's value (or null) and moves on.</summary>
    public void Write(Utf8JsonWriter w)
    {
        if (Definition == MaxDefinition) WriteValue(w, Value++);
        else w.WriteNullValue();
        _level++;
    }

    /// <summary>The current entry as a property name (map keys) and moves on; null when it is null.</summary>
    public string? TakeText()
    {
        string? text = Definition == MaxDefinition ? Text(Value++) : null;
        _level++;
        return text;
    }

    protected abstract void WriteValue(Utf8JsonWriter w, int index);

    protected abstract string Text(int index);

    public void Dispose() => _raw.Dispose();

    private int Checked(int level) =>
        level < Entries ? level : throw new InvalidDataException($"column '{Field.Path}' has fewer entries than its row group needs");

    /// <summary>Reads one leaf column of a row group.</summary>
    public static async Task<ParquetLeaf> ReadAsync(ParquetRowGroupReader group, DataField field, CancellationToken cancellationToken)
    {
        var t = field.ClrType;
        if (t == typeof(bool)) return new BoolLeaf(field, await Raw<bool>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(ReadOnlyMemory<char>)) return new StringLeaf(field, await Raw<ReadOnlyMemory<char>>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(long)) return Number<long>(field, await Raw<long>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(int)) return Number<int>(field, await Raw<int>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(double)) return Number<double>(field, await Raw<double>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(float)) return Number<float>(field, await Raw<float>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(short)) return Number<short>(field, await Raw<short>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(sbyte)) return Number<sbyte>(field, await Raw<sbyte>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(byte)) return Number<byte>(field, await Raw<byte>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(ushort)) return Number<ushort>(field, await Raw<ushort>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(uint)) return Number<uint>(field, await Raw<uint>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(ulong)) return Number<ulong>(field, await Raw<ulong>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(decimal)) return Number<decimal>(field, await Raw<decimal>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(Half)) return Number<Half>(field, await Raw<Half>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(BigInteger)) return Number<BigInteger>(field, await Raw<BigInteger>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(DateTime)) return new DateTimeLeaf(field, await Raw<DateTime>(group, field, cancellationToken).ConfigureAwait(false));
        if (t == typeof(DateTimeOffset)) return new ObjectLeaf<DateTimeOffset>(field, await Raw<DateTimeOffset>(group, field, cancellationToken).ConfigureAwait(false), "o");
        if (t == typeof(DateOnly)) return new ObjectLeaf<DateOnly>(field, await Raw<DateOnly>(group, field, cancellationToken).ConfigureAwait(false), "yyyy-MM-dd");
        if (t == typeof(TimeOnly)) return new ObjectLeaf<TimeOnly>(field, await Raw<TimeOnly>(group, field, cancellationToken).ConfigureAwait(false), "HH:mm:ss.FFFFFFF");
        if (t == typeof(TimeSpan)) return new ObjectLeaf<TimeSpan>(field, await Raw<TimeSpan>(group, field, cancellationToken).ConfigureAwait(false), "c");
        if (t == typeof(Guid)) return new ObjectLeaf<Guid>(field, await Raw<Guid>(group, field, cancellationToken).ConfigureAwait(false), "D");
        if (t == typeof(ReadOnlyMemory<byte>)) return new MemoryBytesLeaf(field, await Raw<ReadOnlyMemory<byte>>(group, field, cancellationToken).ConfigureAwait(false));
        throw new NotSupportedException($"column '{field.Path}' has the unsupported type {t.Name}");
    }

    private static async Task<RawColumnData<T>> Raw<T>(ParquetRowGroupReader group, DataField field, CancellationToken cancellationToken)
        where T : struct
    {
        var raw = await group.ReadRawColumnDataBaseAsync(field, cancellationToken).ConfigureAwait(false);
        if (raw is RawColumnData<T> typed) return typed;
        raw.Dispose();
        throw new InvalidDataException($"column '{field.Path}' holds {raw.GetType().Name} values, not the {typeof(T).Name} its schema declares");
    }

    private static int Count<T>(DataField field, RawColumnData<T> raw) where T : struct =>
        field.MaxDefinitionLevel > 0 ? raw.DefinitionLevels.Length
        : field.MaxRepetitionLevel > 0 ? raw.RepetitionLevels.Length
        : raw.Values.Length;

    private static NumberLeaf<T> Number<T>(DataField field, RawColumnData<T> raw) where T : struct, INumberBase<T> => new(field, raw);

    private sealed class NumberLeaf<T>(DataField field, RawColumnData<T> raw) : ParquetLeaf(field, raw, Count(field, raw))
        where T : struct, INumberBase<T>
    {
        // Numbers go through double, as JSON numbers do when flattened.
        protected override void WriteValue(Utf8JsonWriter w, int index) => w.WriteNumberValue(double.CreateSaturating(raw.Values[index]));

        protected override string Text(int index) => double.CreateSaturating(raw.Values[index]).ToString("R", CultureInfo.InvariantCulture);
    }

    private sealed class BoolLeaf(DataField field, RawColumnData<bool> raw) : ParquetLeaf(field, raw, Count(field, raw))
    {
        protected override void WriteValue(Utf8JsonWriter w, int index) => w.WriteBooleanValue(raw.Values[index]);

        protected override string Text(int index) => raw.Values[index] ? "true" : "false";
    }

    private sealed class StringLeaf(DataField field, RawColumnData<ReadOnlyMemory<char>> raw) : ParquetLeaf(field, raw, Count(field, raw))
    {
        protected override void WriteValue(Utf8JsonWriter w, int index) => w.WriteStringValue(raw.Values[index].Span);

        protected override string Text(int index) => raw.Values[index].ToString();
    }

    /// <summary>Timestamps as ISO-8601 text (UTC ones with <c>Z</c>), as a JSON twin of the event writes them.</summary>
    private sealed class DateTimeLeaf(DataField field, RawColumnData<DateTime> raw) : ParquetLeaf(field, raw, Count(field, raw))
    {
        private readonly bool _utc = field is DateTimeDataField { IsAdjustedToUTC: true };

        protected override void WriteValue(Utf8JsonWriter w, int index) => w.WriteStringValue(Text(index));

        protected override string Text(int index)
        {
            var t = raw.Values[index];
            if (_utc && t.Kind == DateTimeKind.Unspecified) t = DateTime.SpecifyKind(t, DateTimeKind.Utc);
            return t.ToString("o", CultureInfo.InvariantCulture);
        }
    }

    private sealed class ObjectLeaf<T>(DataField field, RawColumnData<T> raw, string? format = null) : ParquetLeaf(field, raw, Count(field, raw))
        where T : struct
    {
        protected override void WriteValue(Utf8JsonWriter w, int index) => w.WriteStringValue(Text(index));

        protected override string Text(int index) => raw.Values[index] switch
        {
            IFormattable f => f.ToString(format, CultureInfo.InvariantCulture),
            var v => v.ToString() ?? "",
        };
    }

    /// <summary>Binary values as base64 text (a category at most; they are rarely useful features).</summary>
    private sealed class MemoryBytesLeaf(DataField field, RawColumnData<ReadOnlyMemory<byte>> raw) : ParquetLeaf(field, raw, Count(field, raw))
    {
        protected override void WriteValue(Utf8JsonWriter w, int index) => w.WriteBase64StringValue(raw.Values[index].Span);

        protected override string Text(int index) => Convert.ToBase64String(raw.Values[index].Span);
    }
}
