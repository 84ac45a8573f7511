namespace ResNetTab.Data.Preprocessing;

/// <summary>A saved preprocessor file cannot be used: wrong format, other version, damaged.</summary>
public sealed class PreprocessorFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PreprocessorFormatException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The preprocessor's feature layout does not match what a model expects.</summary>
public sealed class PreprocessorMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PreprocessorMismatchException(string message) : base(message) { }
}
