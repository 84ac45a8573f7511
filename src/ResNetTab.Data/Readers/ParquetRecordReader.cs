using System.Buffers;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace ResNetTab.Data;

/// <summary>
/// Reads Parquet files (the storage format of Amazon Security Lake's OCSF tables) with the managed Parquet.Net
/// reader. Each row, nested structs, lists and maps included, is assembled into a JSON object and flattened with the
/// same rules as JSON input, so a Parquet event and its JSON twin give the same paths; timestamps become ISO-8601
/// text. Rows stream one row group at a time. A record's location is <c>file:row</c> (1-based row in the file).
/// </summary>
public sealed class ParquetRecordReader
{
    /// <summary>Creates a reader.</summary>
    public ParquetRecordReader(RecordReaderOptions? options = null, FlattenOptions? flatten = null)
    {
        Options = options ?? RecordReaderOptions.Default;
        Flattener = new JsonFlattener(flatten);
        _fast = new Utf8Flattener(Flattener.Options, Options);
    }

    // Rows are flattened straight from their UTF-8 JSON, as JSON input is (same result as Flattener).
    private readonly Utf8Flattener _fast;

    /// <summary>The options in use.</summary>
    public RecordReaderOptions Options { get; }

    /// <summary>The flattener applied to each row.</summary>
    public JsonFlattener Flattener { get; }

    /// <summary>
    /// Reads and flattens the rows of a Parquet file, of every file in a directory, or of every file a glob such as
    /// <c>lake/**/*.parquet</c> matches (see <see cref="InputFiles"/>). Each file is read on its own, so files whose
    /// columns differ (a Security Lake partition set) give the union of their columns: a row has the fields of its
    /// own file. A file that cannot be read (not Parquet, corrupt, an unsupported column type) is reported as a bad
    /// input naming it, with the rows before the damage kept, and the other files are read.
    /// </summary>
    public IEnumerable<FlatRecord> Read(string path, ReadSummary? summary = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        foreach (var file in InputFiles.Expand(path))
            foreach (var record in ReadFile(file, summary))
                yield return record;
    }

    private IEnumerable<FlatRecord> ReadFile(string file, ReadSummary? summary)
    {
        summary?.AddInput();
        using var stream = Open(file, summary);
        if (stream == null) yield break;
        var reader = Run(file, summary, "cannot read the Parquet file", () => ParquetReader.CreateAsync(stream, leaveStreamOpen: true));
        if (reader == null) yield break;
        try
        {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer);
        long row = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var group = g;
            var columns = Run(file, summary, $"cannot read row group {group} of the Parquet file", () => ReadGroupAsync(reader, group));
            if (columns == null) yield break;
            using var _ = columns;
            for (long i = 0; i < columns.Rows; i++)
            {
                var location = new RecordLocation(file, row + 1, 0, -1, row);
                row++;
                FlatRecord? record;
                try
                {
                    buffer.ResetWrittenCount();
                    json.Reset();
                    columns.Assembler.WriteRow(json);
                    json.Flush();
                    if (!_fast.TryFlatten(buffer.WrittenSpan, location, out record))
                        throw new InvalidDataException("a row is not an object");
                }
                catch (Exception ex) when (IsDamage(ex))
                {
                    // The columns of this group no longer line up: the rest of the file cannot be trusted.
                    BadInputReporter.Input(Options, summary, file, $"cannot read the Parquet file from row {location.Line} on: {ex.Message}", ex);
                    yield break;
                }
                summary?.AddRecord();
                yield return record;
            }
            if (!columns.Assembler.Consumed)
            {
                BadInputReporter.Input(Options, summary, file, $"row group {group} of the Parquet file has columns longer than its {columns.Rows} rows");
                yield break;
            }
        }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private FileStream? Open(string file, ReadSummary? summary)
    {
        try
        {
            return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            BadInputReporter.Input(Options, summary, file, $"cannot open the Parquet file: {ex.Message}", ex);
            return null;
        }
    }

    private static async Task<RowGroupColumns> ReadGroupAsync(ParquetReader reader, int group)
    {
        using var rowGroup = reader.OpenRowGroupReader(group);
        var leaves = new Dictionary<DataField, ParquetLeaf>();
        try
        {
            foreach (var field in reader.Schema.DataFields)
                leaves[field] = await ParquetLeaf.ReadAsync(rowGroup, field, CancellationToken.None).ConfigureAwait(false);
            if (rowGroup.RowCount < 0 || rowGroup.RowCount > leaves.Values.Select(l => (long)l.Entries).DefaultIfEmpty(0).Max())
                throw new InvalidDataException($"it declares {rowGroup.RowCount} rows, more than its columns hold");
            return new RowGroupColumns(rowGroup.RowCount, new ParquetRowAssembler(reader.Schema.Fields, leaves), leaves.Values);
        }
        catch
        {
            foreach (var l in leaves.Values) l.Dispose();
            throw;
        }
    }

    // Parquet.Net's API is asynchronous; the readers of this package are synchronous enumerables. Running the
    // call on the thread pool keeps a caller's synchronization context out of it.
    private T? Run<T>(string file, ReadSummary? summary, string what, Func<Task<T>> call) where T : class
    {
        try
        {
            return Task.Run(call).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            BadInputReporter.Input(Options, summary, file, $"{what}: {ex.Message}", ex);
            return null;
        }
    }

    // What a damaged or unsupported file raises inside Parquet.Net or the assembly; a caller's cancellation, memory
    // exhaustion and the bad-record policy's own exception pass through.
    private static bool IsDamage(Exception ex) =>
        ex is not (OperationCanceledException or OutOfMemoryException or RecordFormatException or StackOverflowException);

    private sealed class RowGroupColumns(long rows, ParquetRowAssembler assembler, IEnumerable<ParquetLeaf> leaves) : IDisposable
    {
        public long Rows { get; } = rows;

        public ParquetRowAssembler Assembler { get; } = assembler;

        public void Dispose()
        {
            foreach (var l in leaves) l.Dispose();
        }
    }
}
