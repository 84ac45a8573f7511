
namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Append-only store of event embeddings with their location, entity keys and time, answering "nearest stored
/// events" over all events or within one entity's own history (a query over that entity's events only, never a
/// scan of the whole store).
/// </summary>
/// <remarks>
/// <para>Within-entity and time-filtered queries are exact: float64 Euclidean distances, ties by smaller id (the
/// order scikit-learn and <see cref="BruteForceNeighborSearch"/> use). Store-wide queries are exact too unless an
/// <see cref="HnswOptions"/> is given, in which case they go through an <see cref="HnswIndex"/> kept in step with
/// the appends (approximate; distances still exact).</para>
/// <para><see cref="Save"/> writes one checksummed binary file atomically, the index graph included, so a loaded
/// store answers exactly as the saved one did; appends are not thread-safe, queries may run concurrently with each
/// other, and disposal waits for queries running on the index.</para>
/// </remarks>
public sealed partial class EmbeddingStore : IDisposable
{
    private float[] _vectors = [];
    private long[] _ticks = [];
    private EventLocation[] _locations = [];
    private (int Kind, int Key)[][] _entities = [];
    private readonly List<string> _kinds = [];
    private readonly Dictionary<string, int> _kindIds = new(StringComparer.Ordinal);
    private readonly List<Dictionary<string, List<int>>> _byEntity = [];
    private readonly List<string> _keyNames = [];
    private readonly Dictionary<string, int> _keyIds = new(StringComparer.Ordinal);
    private HnswIndex? _index;
    private volatile bool _disposed;

    /// <summary>Creates an empty store.</summary>
    /// <param name="dimension">Features per embedding.</param>
    /// <param name="index">Parameters of an HNSW index for store-wide queries; null keeps them exact.</param>
    public EmbeddingStore(int dimension, HnswOptions? index = null)
    {
        if (dimension is < 1 or > HnswIndex.MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"The dimension must be between 1 and {HnswIndex.MaxDimension}.");
        Dimension = dimension;
        IndexOptions = index;
        if (index is not null) _index = new HnswIndex(dimension, index);
    }

    /// <summary>Features per embedding.</summary>
    public int Dimension { get; }

    /// <summary>Stored events.</summary>
    public int Count { get; private set; }

    /// <summary>Parameters of the store-wide HNSW index (null: store-wide queries are exact).</summary>
    public HnswOptions? IndexOptions { get; private set; }

    /// <summary>Entity kinds seen so far (for example user, host).</summary>
    public IReadOnlyList<string> EntityKinds => _kinds;

    /// <summary>Appends one event; returns its id.</summary>
    /// <param name="embedding">The embedding (<see cref="Dimension"/> finite values).</param>
    /// <param name="location">Where the event came from.</param>
    /// <param name="entities">Entity keys by kind; null for none.</param>
    /// <param name="time">Event time.</param>
    public int Append(ReadOnlySpan<float> embedding, EventLocation location, IReadOnlyDictionary<string, string>? entities, DateTimeOffset time)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (embedding.Length != Dimension)
            throw new ArgumentException($"The embedding has {embedding.Length} values, the store has dimension {Dimension}.", nameof(embedding));
        for (int c = 0; c < embedding.Length; c++)
            if (!float.IsFinite(embedding[c]))
                throw new ArgumentException($"The embedding contains {(float.IsNaN(embedding[c]) ? "NaN" : "infinity")} at column {c}.", nameof(embedding));
        ArgumentNullException.ThrowIfNull(location.Source, nameof(location));
        int id = Count;
        EnsureCapacity(id + 1);
        embedding.CopyTo(_vectors.AsSpan(id * Dimension, Dimension));
        _ticks[id] = time.UtcTicks;
        _locations[id] = location;
        _entities[id] = Intern(entities, id);
        _index?.Add(embedding, Dimension);
        Count = id + 1;
        return id;
    }

    /// <summary>Appends one event per row of <paramref name="embeddings"/>; returns the first id.</summary>
    /// <param name="embeddings">Embeddings, one per row.</param>
    /// <param name="locations">Location of each row.</param>
    /// <param name="entities">Entity keys of each row (null entries: none).</param>
    /// <param name="times">Time of each row.</param>
    public int AppendRange(FeatureMatrix embeddings, IReadOnlyList<EventLocation> locations,
        IReadOnlyList<IReadOnlyDictionary<string, string>?> entities, IReadOnlyList<DateTimeOffset> times)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(locations);
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(times);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (embeddings.Columns != Dimension)
            throw new ArgumentException($"Embeddings have {embeddings.Columns} features, the store has dimension {Dimension}.", nameof(embeddings));
        int n = embeddings.Rows;
        if (locations.Count != n || entities.Count != n || times.Count != n)
            throw new ArgumentException($"{n} embeddings need as many locations ({locations.Count}), entity sets ({entities.Count}) and times ({times.Count}).");
        int first = Count;
        EnsureCapacity(first + n);
        embeddings.Values.CopyTo(_vectors.AsSpan(first * Dimension));
        for (int i = 0; i < n; i++)
        {
            ArgumentNullException.ThrowIfNull(locations[i].Source, nameof(locations));
            _ticks[first + i] = times[i].UtcTicks;
            _locations[first + i] = locations[i];
            _entities[first + i] = Intern(entities[i], first + i);
        }
        _index?.Add(embeddings);
        Count = first + n;
        return first;
    }

    /// <summary>The embedding of event <paramref name="id"/>.</summary>
    /// <param name="id">Event id.</param>
    public ReadOnlySpan<float> Embedding(int id) => _vectors.AsSpan(CheckId(id) * Dimension, Dimension);

    /// <summary>The metadata of event <paramref name="id"/>.</summary>
    /// <param name="id">Event id.</param>
    public StoredEvent Event(int id)
    {
        CheckId(id);
        var entities = _entities[id].ToDictionary(p => _kinds[p.Kind], p => _keyNames[p.Key], StringComparer.Ordinal);
        return new StoredEvent(id, _locations[id], entities, new DateTimeOffset(_ticks[id], TimeSpan.Zero));
    }

    /// <summary>Ids of the events of entity <paramref name="key"/> of kind <paramref name="kind"/>, in append order (empty when unknown).</summary>
    /// <param name="kind">Entity kind.</param>
    /// <param name="key">Entity key.</param>
    public IReadOnlyList<int> EventsOf(string kind, string key) =>
        _kindIds.TryGetValue(kind, out int k) && _byEntity[k].TryGetValue(key, out var rows) ? rows : [];

    /// <summary>Keys of the entities of kind <paramref name="kind"/>.</summary>
    /// <param name="kind">Entity kind.</param>
    public IReadOnlyCollection<string> EntitiesOf(string kind) =>
        _kindIds.TryGetValue(kind, out int k) ? _byEntity[k].Keys : [];

    private int CheckId(int id)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)id >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(id), id, $"The store holds ids 0 to {Count - 1}.");
        return id;
    }

    private (int Kind, int Key)[] Intern(IReadOnlyDictionary<string, string>? entities, int id)
    {
        if (entities is null || entities.Count == 0) return [];
        var pairs = new (int, int)[entities.Count];
        int i = 0;
        foreach (var (kind, key) in entities.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (kind is null || key is null) throw new ArgumentException("Entity kinds and keys must not be null.", nameof(entities));
            if (!_kindIds.TryGetValue(kind, out int k))
            {
                k = _kinds.Count;
                _kinds.Add(kind);
                _kindIds[kind] = k;
                _byEntity.Add(new Dictionary<string, List<int>>(StringComparer.Ordinal));
            }
            if (!_keyIds.TryGetValue(key, out int keyId))
            {
                keyId = _keyNames.Count;
                _keyNames.Add(key);
                _keyIds[key] = keyId;
            }
            if (!_byEntity[k].TryGetValue(key, out var rows)) _byEntity[k][key] = rows = [];
            rows.Add(id);
            pairs[i++] = (k, keyId);
        }
        return pairs;
    }

    private void EnsureCapacity(int events)
    {
        if (events <= _ticks.Length) return;
        int capacity = Math.Max(events, Math.Max(256, _ticks.Length * 2));
        Array.Resize(ref _vectors, capacity * Dimension);
        Array.Resize(ref _ticks, capacity);
        Array.Resize(ref _locations, capacity);
        Array.Resize(ref _entities, capacity);
    }

    /// <summary>
    /// Frees the store-wide index (after the queries running on it finish); later calls throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        _index?.Dispose();
    }
}
