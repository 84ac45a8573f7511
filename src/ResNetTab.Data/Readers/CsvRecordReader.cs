using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace ResNetTab.Data;

/// <summary>
/// Streaming reader of plain tabular CSV. Column names come from the header row, from
/// <see cref="RecordReaderOptions.CsvColumnNames"/>, or are <c>column0</c>, <c>column1</c>, … for a file without
/// header (<see cref="RecordReaderOptions.CsvHasHeader"/> false). A header that names a column twice is not merged:
/// the file is reported as a bad input (often it has no header at all) and skipped. Cells are typed per value:
/// empty is null, invariant-culture numbers are numbers, <c>true</c>/<c>false</c> (any case) are booleans, the rest
/// strings. A row with the wrong number of fields or broken quoting is reported with its line and skipped.
/// </summary>
public sealed class CsvRecordReader
{
    /// <summary>Creates a reader; <paramref name="delimiter"/> defaults to a comma.</summary>
    /// <exception cref="ArgumentException"><see cref="RecordReaderOptions.CsvColumnNames"/> names a column twice or holds an empty name.</exception>
    public CsvRecordReader(RecordReaderOptions? options = null, string delimiter = ",")
    {
        Options = options ?? RecordReaderOptions.Default;
        Delimiter = delimiter;
        var names = Options.CsvColumnNames ?? [];
        if (names.Any(string.IsNullOrEmpty)) throw new ArgumentException("CsvColumnNames holds an empty name.", nameof(options));
        if (CsvHeader.FirstDuplicate(names) is { } dup)
            throw new ArgumentException($"CsvColumnNames names the column '{dup}' twice.", nameof(options));
    }

    /// <summary>The options in use.</summary>
    public RecordReaderOptions Options { get; }

    /// <summary>Field delimiter.</summary>
    public string Delimiter { get; }

    /// <summary>Reads the rows of a file, a directory or a glob (see <see cref="InputFiles"/>; gzip is detected per file).</summary>
    public IEnumerable<FlatRecord> Read(string path, ReadSummary? summary = null)
    {
        foreach (var file in InputFiles.Expand(path))
        {
            using var stream = InputStreams.OpenRead(file);
            foreach (var r in Read(stream, file, summary)) yield return r;
        }
    }

    /// <summary>Reads the rows of a stream (gzip is detected).</summary>
    public IEnumerable<FlatRecord> Read(Stream stream, string sourceName, ReadSummary? summary = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        summary?.AddInput();
        string? badData = null;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = Delimiter,
            BadDataFound = args => badData ??= $"malformed quoting in field \"{Shorten(args.Field)}\"",
            MissingFieldFound = null,
            HeaderValidated = null,
        };
        using var reader = new StreamReader(InputStreams.DecompressIfGzip(stream));
        using var csv = new CsvReader(reader, config);
        if (!TryRead(csv, sourceName, summary)) yield break;
        string[] header;
        var pending = false; // the first row is data still to be returned
        if (Options.CsvHasHeader)
        {
            var fileHeader = Enumerable.Range(0, csv.Parser.Count).Select(i => csv.Parser[i] ?? "").ToArray();
            if (Options.CsvColumnNames.Count == 0 && CsvHeader.Problem(fileHeader) is { } problem)
            {
                BadInputReporter.Input(Options, summary, sourceName, problem);
                yield break;
            }
            header = Options.CsvColumnNames.Count > 0 ? [.. Options.CsvColumnNames] : fileHeader;
        }
        else
        {
            header = Options.CsvColumnNames.Count > 0 ? [.. Options.CsvColumnNames] : CsvHeader.Generated(csv.Parser.Count);
            pending = true;
        }
        long index = 0;
        while (pending || TryRead(csv, sourceName, summary))
        {
            pending = false;
            var location = new RecordLocation(sourceName, csv.Parser.RawRow, 1, csv.Parser.ByteCount, index++);
            if (badData != null)
            {
                Report(new BadRecord(location, badData), summary);
                badData = null;
                continue;
            }
            if (csv.Parser.Count != header.Length)
            {
                Report(new BadRecord(location, $"expected {header.Length} fields, found {csv.Parser.Count}"), summary);
                continue;
            }
            var record = new FlatRecord(location);
            for (var i = 0; i < header.Length; i++) record.Set(header[i], ParseCell(csv.Parser[i]));
            summary?.AddRecord();
            yield return record;
        }
    }

    /// <summary>Types one CSV cell (see the class remarks).</summary>
    public static FieldValue ParseCell(string? cell)
    {
        if (string.IsNullOrEmpty(cell)) return FieldValue.Null;
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)) return FieldValue.FromNumber(x);
        if (cell.Equals("true", StringComparison.OrdinalIgnoreCase)) return FieldValue.FromBoolean(true);
        if (cell.Equals("false", StringComparison.OrdinalIgnoreCase)) return FieldValue.FromBoolean(false);
        return FieldValue.FromString(cell);
    }

    private void Report(BadRecord bad, ReadSummary? summary) => BadInputReporter.Record(Options, summary, bad);

    // The next row, or false at the end of the input or when the input cannot be read further (then reported).
    private bool TryRead(CsvReader csv, string source, ReadSummary? summary)
    {
        try
        {
            return csv.Read();
        }
        catch (Exception ex) when (ex is InvalidDataException || ex.InnerException is InvalidDataException)
        {
            var inner = ex as InvalidDataException ?? (InvalidDataException)ex.InnerException!;
            BadInputReporter.Input(Options, summary, source, BadInputReporter.DescribeCorrupt(inner), ex);
            return false;
        }
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
