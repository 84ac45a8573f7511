namespace ResNetTab;

/// <summary>Where a record (or an error) sits in its input.</summary>
/// <param name="Source">File path or stream name.</param>
/// <param name="Line">
/// 1-based line number of the record's first character (or of the error); for a Parquet row, its 1-based row
/// number in the file.
/// </param>
/// <param name="Column">1-based byte column on that line; 0 where the input has no columns (Parquet rows).</param>
/// <param name="ByteOffset">0-based byte offset from the start of the (decompressed) input; -1 where rows have no byte position (Parquet).</param>
/// <param name="Index">0-based index of the record within its input, counting bad records too.</param>
public readonly record struct RecordLocation(string Source, long Line, long Column, long ByteOffset, long Index)
{
    /// <summary><c>file:line:column (record #i, byte b)</c> for text inputs, <c>file:row</c> for Parquet rows.</summary>
    public override string ToString() =>
        ByteOffset < 0 ? $"{Source}:{Line}" : $"{Source}:{Line}:{Column} (record #{Index}, byte {ByteOffset})";
}
