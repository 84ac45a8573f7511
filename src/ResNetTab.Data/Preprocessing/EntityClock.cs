using System.Collections.Concurrent;

namespace ResNetTab.Data;

/// <summary>
/// Last event time per entity, carried across batches for the time-since-previous feature when a stream
/// is transformed batch after batch. Thread-safe, but results depend on the order batches are given.
/// </summary>
public sealed class EntityClock
{
    private readonly ConcurrentDictionary<(string Field, string Key), double> _last = new();

    /// <summary>Entities tracked.</summary>
    public int Count => _last.Count;

    /// <summary>Last time (epoch ms) of an entity, or NaN.</summary>
    public double LastSeen(string entityField, string key) => _last.TryGetValue((entityField, key), out var t) ? t : double.NaN;

    /// <summary>Records a time if it is later than the one held.</summary>
    public void Update(string entityField, string key, double ms) =>
        _last.AddOrUpdate((entityField, key), ms, (_, old) => Math.Max(old, ms));

    /// <summary>Forgets everything.</summary>
    public void Clear() => _last.Clear();
}
