namespace ResNetTab.Pipeline;

/// <summary>The verdict on one event.</summary>
/// <param name="Source">The file it was read from.</param>
/// <param name="Line">Its line (JSON Lines, CSV) or row (Parquet), 1-based as the readers count.</param>
/// <param name="Record">0-based index of the record in its file.</param>
/// <param name="Score">The anomaly score, higher = more anomalous.</param>
/// <param name="IsAnomaly">Whether the score is above the bundle's threshold.</param>
/// <param name="TopFields">The OCSF fields that contributed most to the score, largest first.</param>
/// <param name="MapX">First coordinate of the event on the bundle's 2-D map of the embedding space.</param>
/// <param name="MapY">Second coordinate on that map.</param>
public sealed record ScoredEvent(string Source, long Line, long Record, double Score, bool IsAnomaly,
    IReadOnlyList<FieldContribution> TopFields, float MapX, float MapY)
{
    /// <summary><c>file:line</c> (or <c>file:row</c> for Parquet).</summary>
    public string Location => $"{Source}:{Line}";
}

/// <summary>An OCSF field's share of an event's reconstruction error.</summary>
/// <param name="Field">The flattened field path, e.g. <c>actor.user.name</c>.</param>
/// <param name="Share">Its share of the error, in [0, 1].</param>
public readonly record struct FieldContribution(string Field, double Share);
