using Microsoft.Extensions.Logging;

namespace ResNetTab.Data;

/// <summary>Reports bad records and unreadable inputs the same way in every reader: summary, callback, log, then skip or throw by policy.</summary>
internal static class BadInputReporter
{
    /// <summary>Reports a record that cannot be read.</summary>
    public static void Record(RecordReaderOptions options, ReadSummary? summary, BadRecord bad, Exception? inner = null)
    {
        summary?.AddBad(bad);
        options.BadRecordCallback?.Invoke(bad);
        options.Logger?.LogWarning("Skipping bad record at {Location}: {Message}", bad.Location, bad.Message);
        if (options.OnBadRecord == BadRecordPolicy.Throw) throw new RecordFormatException(bad, inner);
    }

    /// <summary>
    /// Reports an input (file) whose content cannot be read from some point on (corrupt compression, unreadable
    /// Parquet, a CSV header that cannot be used); the records before that point stay read.
    /// </summary>
    public static void Input(RecordReaderOptions options, ReadSummary? summary, string source, string message, Exception? inner = null)
    {
        var bad = new BadRecord(new RecordLocation(source, 0, 0, 0, -1), message);
        summary?.AddBadInput(bad);
        options.BadRecordCallback?.Invoke(bad);
        options.Logger?.LogWarning("Skipping unreadable input {Source}: {Message}", source, message);
        if (options.OnBadRecord == BadRecordPolicy.Throw) throw new RecordFormatException(bad, inner);
    }

    /// <summary>Reads from a (possibly decompressing) stream; a corrupt stream is reported as a bad input and reads as its end.</summary>
    public static int Read(Stream input, byte[] buffer, RecordReaderOptions options, ReadSummary? summary, string source, out bool failed)
    {
        try
        {
            failed = false;
            return input.Read(buffer, 0, buffer.Length);
        }
        catch (InvalidDataException ex)
        {
            failed = true;
            Input(options, summary, source, DescribeCorrupt(ex), ex);
            return 0;
        }
    }

    /// <summary>Asynchronous <see cref="Read"/>; reports and returns 0 when the stream is corrupt.</summary>
    public static async ValueTask<(int Count, bool Failed)> ReadAsync(Stream input, byte[] buffer, RecordReaderOptions options,
        ReadSummary? summary, string source, CancellationToken cancellationToken)
    {
        try
        {
            return (await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), false);
        }
        catch (InvalidDataException ex)
        {
            Input(options, summary, source, DescribeCorrupt(ex), ex);
            return (0, true);
        }
    }

    public static string DescribeCorrupt(Exception ex) =>
        $"cannot read the input: its gzip data is corrupt or it only starts like gzip (1F 8B) ({ex.Message})";
}
