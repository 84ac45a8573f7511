using System.Text.Json;

namespace ResNetTab.Data;

/// <summary>
/// Turns raw JSON record segments into flat records: straight from the bytes (<see cref="Utf8Flattener"/>) when
/// the record is a valid object, otherwise through <see cref="JsonRecordReader"/>'s document path, which reports
/// the bad record exactly as the plain reader does. Thread-safe.
/// </summary>
internal sealed class SegmentFlattener(JsonRecordReader reader, FlattenOptions flatten)
{
    private readonly Utf8Flattener _fast = new(flatten, reader.Options);
    private readonly JsonFlattener _slow = new(flatten);

    /// <summary>Every record of a JSON file, flattened, in order (bad records reported and skipped).</summary>
    public IEnumerable<FlatRecord> Read(string path, ReadSummary? summary)
    {
        foreach (var (segment, index) in reader.ReadSegments(path, summary))
            if (Flatten(segment, path, index, summary) is { } record) yield return record;
    }

    /// <summary>
    /// Flattens a valid object segment straight into <paramref name="target"/> and counts it; false when the
    /// segment needs <see cref="Flatten"/> instead (bad or not an object). The target may then hold partial values.
    /// </summary>
    public bool TryFlattenInto(ReadOnlySpan<byte> data, bool hasError, Utf8Flattener.ITarget target, ReadSummary? summary)
    {
        if (hasError) return false;
        try
        {
            if (!_fast.TryFlatten(data, target)) return false;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Invalid JSON, or a string that is not valid text: the document path reports it.
            return false;
        }
        summary?.AddRecord();
        return true;
    }

    /// <summary>The flat record of one segment, or null when it is bad (then reported).</summary>
    public FlatRecord? Flatten(RawSegment segment, string source, long index, ReadSummary? summary)
    {
        if (segment.Error == null)
        {
            try
            {
                var location = new RecordLocation(source, segment.Line, segment.Column, segment.ByteOffset, index);
                if (_fast.TryFlatten(segment.Data, location, out var record))
                {
                    summary?.AddRecord();
                    return record;
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // Fall through: the document parser reports the error (or the string that is not valid text)
                // with its line and column.
            }
        }
        if (reader.Parse(segment, source, index, summary) is not { } parsed) return null;
        using (parsed.Document) return _slow.Flatten(parsed.Document.RootElement, parsed.Location);
    }
}
