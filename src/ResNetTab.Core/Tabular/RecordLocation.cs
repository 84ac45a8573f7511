namespace ResNetTab;

/// <summary>Where a record (or an error) sits in its input.</summary>
/// <param name="Source">File path or stream name.</param>
/// <param name="Line">1-based line number of the record's first character (or of the error).</param>
/// <param name="Column">1-based byte column on that line.</param>
/// <param name="ByteOffset">0-based byte offset from the start of the (decompressed) input.</param>
/// <param name="Index">0-based index of the record within its input, counting bad records too.</param>
public readonly record struct RecordLocation(string Source, long Line, long Column, long ByteOffset, long Index)
{
    /// <inheritdoc />
    public override string ToString() => $"{Source}:{Line}:{Column} (record #{Index}, byte {ByteOffset})";
}
