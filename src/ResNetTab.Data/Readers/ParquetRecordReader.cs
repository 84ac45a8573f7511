using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using ResNetTab.Data.Flattening;

namespace ResNetTab.Data.Readers;

/// <summary>
/// Reads Parquet files (the storage format of Amazon Security Lake's OCSF tables) through an in-process
/// DuckDB. Each row, nested structs and lists included, is turned into JSON by DuckDB and flattened with
/// the same rules as JSON input, so a Parquet event and its JSON twin give the same paths. Rows stream.
/// </summary>
public sealed class ParquetRecordReader
{
    /// <summary>Creates a reader.</summary>
    public ParquetRecordReader(RecordReaderOptions? options = null, FlattenOptions? flatten = null)
    {
        Options = options ?? RecordReaderOptions.Default;
        Flattener = new JsonFlattener(flatten);
    }

    /// <summary>The options in use.</summary>
    public RecordReaderOptions Options { get; }

    /// <summary>The flattener applied to each row.</summary>
    public JsonFlattener Flattener { get; }

    /// <summary>Reads and flattens the rows of a Parquet file (or a glob such as <c>dir/*.parquet</c>).</summary>
    public IEnumerable<FlatRecord> Read(string path, ReadSummary? summary = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.Contains('*') && !File.Exists(path)) throw new FileNotFoundException($"Input file not found: {path}", path);
        summary?.AddInput();
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT to_json(t)::VARCHAR FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}') AS t";
        using var reader = command.ExecuteReader();
        long row = 0;
        while (reader.Read())
        {
            var location = new RecordLocation(path, row + 1, 1, 0, row);
            row++;
            FlatRecord? record = null;
            try
            {
                using var doc = JsonDocument.Parse(reader.GetString(0));
                record = Flattener.Flatten(doc.RootElement, location);
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidCastException)
            {
                var bad = new BadRecord(location, $"row {location.Line}: {ex.Message}");
                summary?.AddBad(bad);
                Options.BadRecordCallback?.Invoke(bad);
                Options.Logger?.LogWarning("Skipping bad Parquet row at {Location}: {Message}", location, ex.Message);
                if (Options.OnBadRecord == BadRecordPolicy.Throw) throw new RecordFormatException(bad, ex);
            }
            if (record == null) continue;
            summary?.AddRecord();
            yield return record;
        }
    }
}
