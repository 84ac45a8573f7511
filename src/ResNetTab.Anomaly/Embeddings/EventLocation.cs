namespace ResNetTab.Anomaly.Neighbors;

/// <summary>Where an event came from: a source (file, stream, table) and the record's position in it.</summary>
/// <param name="Source">Source name, for example a file path or topic.</param>
/// <param name="Offset">Position of the record in the source (line, byte offset or sequence number).</param>
public readonly record struct EventLocation(string Source, long Offset);
