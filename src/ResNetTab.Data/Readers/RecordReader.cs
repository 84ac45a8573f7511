using System.Runtime.CompilerServices;

namespace ResNetTab.Data;

/// <summary>
/// One entry point for any supported input: a file, a directory or a glob (see <see cref="InputFiles"/>);
/// each file's reader is picked by its extension (<c>.csv</c>/<c>.tsv</c> → CSV, <c>.parquet</c> → Parquet,
/// anything else → JSON, each optionally <c>.gz</c>) and records are yielded flattened, file after file.
/// </summary>
public static class RecordReader
{
    /// <summary>Reads and flattens every record of a file, of every file in a directory, or of every file a glob matches.</summary>
    public static IEnumerable<FlatRecord> ReadFlat(string path, FlattenOptions? flatten = null,
        RecordReaderOptions? options = null, ReadSummary? summary = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var files = InputFiles.Expand(path);
        return files.Count == 1 ? ReadFile(files[0], flatten, options, summary) : files.SelectMany(f => ReadFile(f, flatten, options, summary));
    }

    /// <summary>True when a file is read as JSON (its extension, without <c>.gz</c>, is not <c>.csv</c>, <c>.tsv</c> or <c>.parquet</c>).</summary>
    public static bool IsJson(string path) => Extension(path) is not (".csv" or ".tsv" or ".parquet");

    private static IEnumerable<FlatRecord> ReadFile(string path, FlattenOptions? flatten, RecordReaderOptions? options, ReadSummary? summary) =>
        Extension(path) switch
        {
            ".csv" => new CsvRecordReader(options).Read(path, summary),
            ".tsv" => new CsvRecordReader(options, "\t").Read(path, summary),
            ".parquet" => new ParquetRecordReader(options, flatten).Read(path, summary),
            _ => new SegmentFlattener(new JsonRecordReader(options), flatten ?? FlattenOptions.Default).Read(path, summary),
        };

    private static string Extension(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return Path.GetExtension(name).ToLowerInvariant();
    }

    /// <summary>Reads and flattens the JSON records of a file, a directory or a glob asynchronously.</summary>
    public static async IAsyncEnumerable<FlatRecord> ReadJsonFlatAsync(string path, FlattenOptions? flatten = null,
        RecordReaderOptions? options = null, ReadSummary? summary = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var flattener = new JsonFlattener(flatten);
        await foreach (var r in new JsonRecordReader(options).ReadAsync(path, summary, cancellationToken).ConfigureAwait(false))
            yield return flattener.Flatten(r.Root, r.Location);
    }
}
