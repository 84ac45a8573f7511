namespace ResNetTab.Data;

/// <summary>A record that could not be read; it was skipped (or made the read fail, by policy).</summary>
/// <param name="Location">Where the problem is: line and column point at the error itself where known.</param>
/// <param name="Message">What is wrong, e.g. the JSON parser's message.</param>
public sealed record BadRecord(RecordLocation Location, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location.Source}:{Location.Line}:{Location.Column}: {Message}";
}
