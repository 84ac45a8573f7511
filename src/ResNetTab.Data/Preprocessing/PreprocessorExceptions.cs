namespace ResNetTab.Data;

/// <summary>The preprocessor's feature layout does not match what a model expects.</summary>
public sealed class PreprocessorMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PreprocessorMismatchException(string message) : base(message) { }
}

/// <summary>A fitted encoder could not encode a value; the message names the field and, when known, the record.</summary>
public sealed class FeatureEncodingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FeatureEncodingException(string field, RecordLocation? location, Exception inner)
        : base($"Encoding field '{field}'{(location is { } l ? $" of the record at {l}" : "")} failed: {inner.Message}", inner)
    {
        Field = field;
    }

    /// <summary>The flattened path whose encoder failed.</summary>
    public string Field { get; }
}
