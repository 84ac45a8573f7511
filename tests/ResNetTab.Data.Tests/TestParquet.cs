using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace ResNetTab.Data.Tests;

/// <summary>Writes small Parquet files for the reader tests with Parquet.Net.</summary>
internal static class TestParquet
{
    public static void Write(string path, ParquetSchema schema, IReadOnlyCollection<IDictionary<string, object?>> rows, int rowGroupSize = 1_000)
    {
        using var stream = File.Create(path);
        ParquetSerializer.SerializeUntypedAsync(rows, schema, stream, new ParquetOptions { RowGroupSize = rowGroupSize })
            .GetAwaiter().GetResult();
    }

    /// <summary>One row of named values (nested dictionaries for structs, typed lists for lists).</summary>
    public static Dictionary<string, object?> Row(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    /// <summary>A list of strings as Parquet.Net's untyped serializer takes it.</summary>
    public static List<ReadOnlyMemory<char>?> Strings(params string[] items) => [.. items.Select(s => (ReadOnlyMemory<char>?)s.AsMemory())];

    /// <summary>A map of strings as Parquet.Net's untyped serializer takes it.</summary>
    public static Dictionary<ReadOnlyMemory<char>, ReadOnlyMemory<char>?> Map(params (string Key, string Value)[] entries) =>
        entries.ToDictionary(e => e.Key.AsMemory(), e => (ReadOnlyMemory<char>?)e.Value.AsMemory());

    /// <summary>A list of structs as Parquet.Net's untyped serializer takes it.</summary>
    public static List<IDictionary<string, object?>> Structs(params Dictionary<string, object?>[] items) => [.. items];
}
