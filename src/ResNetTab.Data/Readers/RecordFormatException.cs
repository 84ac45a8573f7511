namespace ResNetTab.Data;

/// <summary>A bad record under <see cref="BadRecordPolicy.Throw"/>, or an input that cannot be read at all.</summary>
public sealed class RecordFormatException : Exception
{
    /// <summary>Creates the exception for a bad record.</summary>
    public RecordFormatException(BadRecord record, Exception? inner = null)
        : base($"Bad record at {record}", inner)
    {
        Record = record;
    }

    /// <summary>The bad record.</summary>
    public BadRecord Record { get; }
}
