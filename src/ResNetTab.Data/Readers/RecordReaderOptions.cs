using Microsoft.Extensions.Logging;

namespace ResNetTab.Data;

/// <summary>What to do with a record that cannot be read.</summary>
public enum BadRecordPolicy
{
    /// <summary>Report it (summary, callback, log) and go on with the next record.</summary>
    Skip,
    /// <summary>Throw <see cref="RecordFormatException"/>.</summary>
    Throw,
}

/// <summary>How JSON input is laid out.</summary>
public enum JsonLayout
{
    /// <summary>
    /// Detect per input: a top-level array is read element by element, otherwise top-level values
    /// (one per line, or pretty-printed and concatenated) are read one after another.
    /// </summary>
    Auto,
    /// <summary>Strict JSON Lines: one record per line; a newline always ends a record.</summary>
    JsonLines,
}

/// <summary>Options shared by the record readers.</summary>
public sealed record RecordReaderOptions
{
    /// <summary>
    /// Accept what occurs in the wild: <c>//</c> and <c>/* */</c> comments and trailing commas. Default true.
    /// In strict mode such records are reported as bad.
    /// </summary>
    public bool Tolerant { get; init; } = true;

    /// <summary>Skip or throw on a bad record. Default <see cref="BadRecordPolicy.Skip"/>.</summary>
    public BadRecordPolicy OnBadRecord { get; init; } = BadRecordPolicy.Skip;

    /// <summary>Layout of JSON input. Default <see cref="JsonLayout.Auto"/>.</summary>
    public JsonLayout Layout { get; init; } = JsonLayout.Auto;

    /// <summary>A record larger than this many bytes is reported as bad without being buffered. Default 16 MiB.</summary>
    public int MaxRecordBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Maximum JSON nesting depth accepted by the parser. Default 64.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// CSV/TSV: whether the first row is a header. Default true. When false the first row is data and columns are
    /// named by <see cref="CsvColumnNames"/>, or <c>column0</c>, <c>column1</c>, … when none are given.
    /// </summary>
    public bool CsvHasHeader { get; init; } = true;

    /// <summary>
    /// CSV/TSV: column names to use instead of the file's (with <see cref="CsvHasHeader"/> true the header row is
    /// then skipped). Empty (default): the header's names. Names must be distinct.
    /// </summary>
    public IReadOnlyList<string> CsvColumnNames { get; init; } = [];

    /// <summary>Called for every bad record (in addition to the summary). Optional.</summary>
    public Action<BadRecord>? BadRecordCallback { get; init; }

    /// <summary>Logger receiving a warning per bad record. Optional.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Default options.</summary>
    public static RecordReaderOptions Default { get; } = new();
}
