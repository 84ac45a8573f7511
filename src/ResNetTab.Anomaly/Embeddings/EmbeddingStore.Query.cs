
namespace ResNetTab.Anomaly.Neighbors;

public sealed partial class EmbeddingStore
{
    /// <summary>The <paramref name="k"/> stored events nearest to <paramref name="query"/>, nearest first.</summary>
    /// <param name="query">Query embedding.</param>
    /// <param name="k">Neighbours wanted (fewer when fewer events qualify).</param>
    /// <param name="before">Only events strictly earlier than this time; null for all.</param>
    /// <param name="excludeId">A stored event to leave out (−1 for none).</param>
    public StoredNeighbor[] Nearest(ReadOnlySpan<float> query, int k, DateTimeOffset? before = null, int excludeId = -1)
    {
        CheckQuery(query, k);
        long limit = before?.UtcTicks ?? long.MaxValue;
        if (_index is not null)
        {
            // Over-fetch from the graph, then filter; fall back to the exact scan when too few qualify.
            int fetch = Math.Min(Count, k + 1 + (before is null ? 0 : k * 3));
            var (ids, _) = _index.Search(query, fetch, Math.Max(fetch, _index.Options.Ef));
            var top = new TopK(Math.Min(k, Count));
            foreach (int id in ids)
                if (id != excludeId && _ticks[id] < limit) top.Offer(Distance(query, id), id);
            if (top.Count == k) return top.Result();
        }
        var all = new TopK(Math.Min(k, Count));
        for (int id = 0; id < Count; id++)
            if (id != excludeId && _ticks[id] < limit) all.Offer(Distance(query, id), id);
        return all.Result();
    }

    /// <summary>
    /// The <paramref name="k"/> events of entity <paramref name="key"/> (kind <paramref name="kind"/>) nearest to
    /// <paramref name="query"/>: exact, over that entity's events only.
    /// </summary>
    /// <param name="query">Query embedding.</param>
    /// <param name="k">Neighbours wanted (fewer when the entity has fewer qualifying events).</param>
    /// <param name="kind">Entity kind (for example user).</param>
    /// <param name="key">Entity key (for example alice).</param>
    /// <param name="before">Only events strictly earlier than this time; null for all.</param>
    /// <param name="excludeId">A stored event to leave out (−1 for none), for example the query's own event.</param>
    public StoredNeighbor[] NearestWithin(ReadOnlySpan<float> query, int k, string kind, string key, DateTimeOffset? before = null, int excludeId = -1)
    {
        CheckQuery(query, k);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(key);
        long limit = before?.UtcTicks ?? long.MaxValue;
        var top = new TopK(Math.Min(k, Count));
        foreach (int id in EventsOf(kind, key))
            if (id != excludeId && _ticks[id] < limit) top.Offer(Distance(query, id), id);
        return top.Result();
    }

    /// <summary>
    /// Neighbours of stored event <paramref name="id"/> (never itself): over all events, or within its own entity of
    /// kind <paramref name="withinKind"/>; with <paramref name="historyOnly"/>, only events before it.
    /// </summary>
    /// <param name="id">Stored event.</param>
    /// <param name="k">Neighbours wanted.</param>
    /// <param name="withinKind">Entity kind whose history to search (null: all events).</param>
    /// <param name="historyOnly">Only events strictly earlier than the event.</param>
    public StoredNeighbor[] NearestOf(int id, int k, string? withinKind = null, bool historyOnly = false)
    {
        var query = Embedding(id);
        DateTimeOffset? before = historyOnly ? new DateTimeOffset(_ticks[id], TimeSpan.Zero) : null;
        if (withinKind is null) return Nearest(query, k, before, excludeId: id);
        if (!_kindIds.TryGetValue(withinKind, out int kind))
            throw new ArgumentException($"No event has an entity of kind '{withinKind}'.", nameof(withinKind));
        foreach (var (k2, key) in _entities[id])
            if (k2 == kind) return NearestWithin(query, k, withinKind, _keyNames[key], before, excludeId: id);
        throw new ArgumentException($"Event {id} has no entity of kind '{withinKind}'.", nameof(withinKind));
    }

    private void CheckQuery(ReadOnlySpan<float> query, int k)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (query.Length != Dimension)
            throw new ArgumentException($"The query has {query.Length} values, the store has dimension {Dimension}.", nameof(query));
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        if (Count == 0) throw new InvalidOperationException("The embedding store is empty.");
    }

    private double Distance(ReadOnlySpan<float> query, int id) =>
        ExactRerank.SquaredDistance(query, _vectors.AsSpan(id * Dimension, Dimension));

    /// <summary>The k smallest (squared distance, id) pairs, ties by smaller id, kept sorted.</summary>
    private sealed class TopK(int k)
    {
        private readonly double[] _d = new double[k];
        private readonly int[] _id = new int[k];

        public int Count { get; private set; }

        public void Offer(double d, int id)
        {
            if (Count == _d.Length && (d > _d[^1] || (d == _d[^1] && id > _id[^1]))) return;
            int i = Count < _d.Length ? Count++ : _d.Length - 1;
            while (i > 0 && (_d[i - 1] > d || (_d[i - 1] == d && _id[i - 1] > id)))
            {
                _d[i] = _d[i - 1];
                _id[i] = _id[i - 1];
                i--;
            }
            _d[i] = d;
            _id[i] = id;
        }

        public StoredNeighbor[] Result()
        {
            var result = new StoredNeighbor[Count];
            for (int i = 0; i < Count; i++) result[i] = new StoredNeighbor(_id[i], Math.Sqrt(_d[i]));
            return result;
        }
    }
}
