using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.Extensions.Logging;
using ResNetTab.Data.Flattening;

namespace ResNetTab.Data.Readers;

/// <summary>
/// Streaming reader of plain tabular CSV with a header row. Cells are typed per value: empty is null,
/// invariant-culture numbers are numbers, <c>true</c>/<c>false</c> (any case) are booleans, the rest strings.
/// A row with the wrong number of fields or broken quoting is reported with its line and skipped.
/// </summary>
public sealed class CsvRecordReader
{
    /// <summary>Creates a reader; <paramref name="delimiter"/> defaults to a comma.</summary>
    public CsvRecordReader(RecordReaderOptions? options = null, string delimiter = ",")
    {
        Options = options ?? RecordReaderOptions.Default;
        Delimiter = delimiter;
    }

    /// <summary>The options in use.</summary>
    public RecordReaderOptions Options { get; }

    /// <summary>Field delimiter.</summary>
    public string Delimiter { get; }

    /// <summary>Reads the rows of a file (gzip is detected).</summary>
    public IEnumerable<FlatRecord> Read(string path, ReadSummary? summary = null)
    {
        using var stream = InputStreams.OpenRead(path);
        foreach (var r in Read(stream, path, summary)) yield return r;
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
        if (!csv.Read()) yield break;
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        long index = 0;
        while (csv.Read())
        {
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

    private void Report(BadRecord bad, ReadSummary? summary)
    {
        summary?.AddBad(bad);
        Options.BadRecordCallback?.Invoke(bad);
        Options.Logger?.LogWarning("Skipping bad row at {Location}: {Message}", bad.Location, bad.Message);
        if (Options.OnBadRecord == BadRecordPolicy.Throw) throw new RecordFormatException(bad);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
