using System.Runtime.CompilerServices;
using ResNetTab.Data.Flattening;

namespace ResNetTab.Data.Readers;

/// <summary>
/// One entry point for any supported input: picks the reader by extension (<c>.csv</c>/<c>.tsv</c> →
/// CSV, <c>.parquet</c> → Parquet, anything else → JSON, each optionally <c>.gz</c>) and yields flattened records.
/// </summary>
public static class RecordReader
{
    /// <summary>Reads and flattens every record of a file.</summary>
    public static IEnumerable<FlatRecord> ReadFlat(string path, FlattenOptions? flatten = null,
        RecordReaderOptions? options = null, ReadSummary? summary = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        var ext = Path.GetExtension(name).ToLowerInvariant();
        return ext switch
        {
            ".csv" => new CsvRecordReader(options).Read(path, summary),
            ".tsv" => new CsvRecordReader(options, "\t").Read(path, summary),
            ".parquet" => new ParquetRecordReader(options, flatten).Read(path, summary),
            _ => new SegmentFlattener(new JsonRecordReader(options), flatten ?? FlattenOptions.Default).Read(path, summary),
        };
    }

    /// <summary>Reads and flattens the JSON records of a file asynchronously.</summary>
    public static async IAsyncEnumerable<FlatRecord> ReadJsonFlatAsync(string path, FlattenOptions? flatten = null,
        RecordReaderOptions? options = null, ReadSummary? summary = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var flattener = new JsonFlattener(flatten);
        await foreach (var r in new JsonRecordReader(options).ReadAsync(path, summary, cancellationToken).ConfigureAwait(false))
            yield return flattener.Flatten(r.Root, r.Location);
    }
}
