using System.Data.Common;
using System.Text.Json;
using DuckDB.NET.Data;

namespace ResNetTab.Data;

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

    /// <summary>
    /// Reads and flattens the rows of a Parquet file, of every file in a directory, or of every file a glob such as
    /// <c>lake/**/*.parquet</c> matches (see <see cref="InputFiles"/>). Each file is read on its own, so files whose
    /// columns differ (a Security Lake partition set) give the union of their columns: a row has the fields of its
    /// own file. A file DuckDB cannot read is reported as a bad input naming it, and the other files are read.
    /// </summary>
    public IEnumerable<FlatRecord> Read(string path, ReadSummary? summary = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var files = InputFiles.Expand(path);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        foreach (var file in files)
            foreach (var record in ReadFile(connection, file, summary))
                yield return record;
    }

    private IEnumerable<FlatRecord> ReadFile(DuckDBConnection connection, string file, ReadSummary? summary)
    {
        summary?.AddInput();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT to_json(t)::VARCHAR FROM read_parquet('{file.Replace("'", "''", StringComparison.Ordinal)}') AS t";
        using var reader = Execute(command, file, summary);
        if (reader == null) yield break;
        long row = 0;
        while (Next(reader, file, summary))
        {
            var location = new RecordLocation(file, row + 1, 1, 0, row);
            row++;
            FlatRecord? record = null;
            try
            {
                using var doc = JsonDocument.Parse(reader.GetString(0));
                record = Flattener.Flatten(doc.RootElement, location);
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidCastException or InvalidOperationException)
            {
                BadInputReporter.Record(Options, summary, new BadRecord(location, $"row {location.Line}: {ex.Message}"), ex);
            }
            if (record == null) continue;
            summary?.AddRecord();
            yield return record;
        }
    }

    private DuckDBDataReader? Execute(DuckDBCommand command, string file, ReadSummary? summary)
    {
        try
        {
            return command.ExecuteReader();
        }
        catch (DuckDBException ex)
        {
            BadInputReporter.Input(Options, summary, file, $"cannot read the Parquet file: {ex.Message}", ex);
            return null;
        }
    }

    private bool Next(DbDataReader reader, string file, ReadSummary? summary)
    {
        try
        {
            return reader.Read();
        }
        catch (DuckDBException ex)
        {
            BadInputReporter.Input(Options, summary, file, $"cannot read the Parquet file further: {ex.Message}", ex);
            return false;
        }
    }
}
