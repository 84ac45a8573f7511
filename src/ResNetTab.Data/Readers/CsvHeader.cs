using System.Globalization;

namespace ResNetTab.Data;

/// <summary>Checks and names CSV columns.</summary>
internal static class CsvHeader
{
    /// <summary>The first name that occurs twice, or null.</summary>
    public static string? FirstDuplicate(IReadOnlyList<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return names.FirstOrDefault(n => !seen.Add(n));
    }

    /// <summary>Why a header row cannot name the columns (a name used twice), or null when it can.</summary>
    public static string? Problem(IReadOnlyList<string> header)
    {
        if (FirstDuplicate(header) is not { } dup) return null;
        var columns = Enumerable.Range(0, header.Count).Where(i => header[i] == dup).Select(i => (i + 1).ToString(CultureInfo.InvariantCulture));
        var looksLikeData = header.Any(h => double.TryParse(h, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return $"the header names the column '{dup}' more than once (columns {string.Join(", ", columns)}); " +
            (looksLikeData ? "the first row looks like data: the file may have no header. " : "") +
            "Set RecordReaderOptions.CsvHasHeader = false and/or CsvColumnNames to read it.";
    }

    /// <summary><c>column0</c> … <c>column{n-1}</c>.</summary>
    public static string[] Generated(int count) =>
        [.. Enumerable.Range(0, count).Select(i => "column" + i.ToString(CultureInfo.InvariantCulture))];
}
