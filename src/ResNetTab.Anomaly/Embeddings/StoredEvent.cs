namespace ResNetTab.Anomaly.Neighbors;

/// <summary>The metadata of one stored embedding.</summary>
/// <param name="Id">Id in the store (0, 1, … in append order).</param>
/// <param name="Location">Where the event came from.</param>
/// <param name="Entities">Entity keys of the event by kind (for example user → alice, host → web-1).</param>
/// <param name="Time">Event time.</param>
public sealed record StoredEvent(int Id, EventLocation Location, IReadOnlyDictionary<string, string> Entities, DateTimeOffset Time);

/// <summary>A neighbour found in an <see cref="EmbeddingStore"/>.</summary>
/// <param name="Id">Id of the stored event.</param>
/// <param name="Distance">Euclidean distance (exact, float64).</param>
public readonly record struct StoredNeighbor(int Id, double Distance);
