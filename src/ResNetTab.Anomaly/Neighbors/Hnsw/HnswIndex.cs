namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Hierarchical Navigable Small World graph (Malkov &amp; Yashunin, 2018) for approximate k-nearest-neighbour search
/// of float32 vectors under <see cref="VectorMetric.L2"/> or <see cref="VectorMetric.Cosine"/>.
/// </summary>
/// <remarks>
/// <para>Rows get consecutive ids from 0 in the order they are added; <see cref="Add(FeatureMatrix)"/> can be called
/// again to grow the index (incremental add). Insertion runs on <see cref="HnswOptions.NJobs"/> threads with one
/// short lock per node list; with one thread the graph depends only on the data and <see cref="HnswOptions.Seed"/>.
/// Neighbours are chosen with the paper's heuristic (Algorithm 4), layer 0 keeps 2·M links and upper layers M.</para>
/// <para><see cref="Save"/> writes a versioned, SHA-256-checksummed file whose layer-0 records have the in-memory
/// layout, so <see cref="Load"/> can memory-map it instead of reading it.</para>
/// <para>Queries run concurrently with each other; <see cref="Add(FeatureMatrix)"/> waits for running queries and
/// holds new ones back while it grows the graph; <see cref="Dispose"/> waits for running queries, after which
/// every call throws <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed unsafe partial class HnswIndex : IDisposable
{
    private readonly NodeStore _store;
    private readonly object _global = new();
    private int[] _levels = [];
    private int[]?[] _upper = [];
    private const int Stripes = 4096;
    private readonly object[] _stripes = Enumerable.Range(0, Stripes).Select(_ => new object()).ToArray();
    private int _count;
    private int _entryPoint = -1;
    private int _maxLevel = -1;
    private bool _concurrent;
    private readonly double _levelMultiplier;
    private readonly ThreadLocal<SearchScratch> _scratch = new(() => new SearchScratch());
    private readonly UsageGate _gate = new(nameof(HnswIndex));

    /// <summary>Largest dimension accepted.</summary>
    public const int MaxDimension = 1 << 16;

    /// <summary>Creates an empty index for <paramref name="dimension"/>-dimensional vectors.</summary>
    /// <param name="dimension">Features per vector.</param>
    /// <param name="options">Parameters; null uses the defaults.</param>
    public HnswIndex(int dimension, HnswOptions? options = null)
    {
        if (dimension is < 1 or > MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"The dimension must be between 1 and {MaxDimension}.");
        Options = options ?? new HnswOptions();
        Options.Validate();
        Dimension = dimension;
        _store = new NodeStore(dimension, 2 * Options.M);
        _levelMultiplier = 1.0 / Math.Log(Options.M);
    }

    /// <summary>The parameters.</summary>
    public HnswOptions Options { get; }

    /// <summary>Features per vector.</summary>
    public int Dimension { get; }

    /// <summary>Vectors in the index.</summary>
    public int Count => _count;

    /// <summary>Highest layer of the graph (−1 when empty).</summary>
    public int MaxLevel => _maxLevel;

    /// <summary>True when the layer-0 records are served from a memory-mapped file.</summary>
    public bool IsMemoryMapped => _store.IsMapped;

    private int M => Options.M;

    private int M0 => 2 * Options.M;

    /// <summary>Adds the rows of <paramref name="rows"/> (ids <see cref="Count"/> … onwards); returns the first new id.</summary>
    /// <param name="rows">Vectors, one per row, <see cref="Dimension"/> features, finite.</param>
    public int Add(FeatureMatrix rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Add(rows.Values, rows.Columns);
    }

    /// <summary>Adds row-major vectors; returns the first new id.</summary>
    /// <param name="rowMajor">Vectors, <paramref name="columns"/> floats each.</param>
    /// <param name="columns">Features per vector; must equal <see cref="Dimension"/>.</param>
    /// <exception cref="ObjectDisposedException">The index was disposed.</exception>
    public int Add(ReadOnlySpan<float> rowMajor, int columns)
    {
        // Alone: growing moves the node records, so no search may run meanwhile.
        using var use = _gate.Write();
        if (columns != Dimension)
            throw new ArgumentException($"Vectors have {columns} features, the index has dimension {Dimension}.", nameof(columns));
        if (rowMajor.Length % columns != 0)
            throw new ArgumentException($"{rowMajor.Length} values are not a whole number of {columns}-feature rows.", nameof(rowMajor));
        int added = rowMajor.Length / columns;
        int first = _count;
        if (added == 0) return first;
        CheckFinite(rowMajor, columns, nameof(rowMajor));
        long total = (long)first + added;
        if (total > int.MaxValue) throw new InvalidOperationException("An HNSW index holds at most int.MaxValue vectors.");
        Grow((int)total);
        for (int i = 0; i < added; i++)
        {
            int id = first + i;
            var dst = new Span<float>(_store.Vector(id), Dimension);
            rowMajor.Slice(i * columns, columns).CopyTo(dst);
            if (Options.Metric == VectorMetric.Cosine) Normalise(dst, i, nameof(rowMajor));
            _store.Links0(id)[0] = 0;
            _levels[id] = LevelOf(id);
            _upper[id] = _levels[id] > 0 ? GC.AllocateArray<int>(_levels[id] * (M + 1), pinned: true) : null;
        }
        InsertRange(first, (int)total);
        _count = (int)total;
        return first;
    }

    private void Grow(int nodes)
    {
        _store.EnsureCapacity(nodes, _count);
        if (_levels.Length < _store.Capacity)
        {
            int capacity = (int)_store.Capacity;
            Array.Resize(ref _levels, capacity);
            Array.Resize(ref _upper, capacity);
        }
    }

    private int LevelOf(int id)
    {
        // Hash of (seed, id): the layer of a node does not depend on the order of insertion or on threads.
        ulong z = Options.Seed + (0x9E3779B97F4A7C15UL * (ulong)(id + 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        double u = ((z >> 11) + 1) * (1.0 / (1UL << 53)); // (0, 1]
        return Math.Min(30, (int)(-Math.Log(u) * _levelMultiplier));
    }

    private static void CheckFinite(ReadOnlySpan<float> values, int columns, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
                throw new ArgumentException(
                    $"Input contains {(float.IsNaN(values[i]) ? "NaN" : "infinity")} at row {i / columns}, column {i % columns}.", paramName);
        }
    }

    private static void Normalise(Span<float> v, int row, string paramName)
    {
        double norm = 0;
        foreach (float x in v) norm += (double)x * x;
        if (norm == 0) throw new ArgumentException($"Row {row} is the zero vector, which has no cosine distance.", paramName);
        float scale = (float)(1.0 / Math.Sqrt(norm));
        for (int i = 0; i < v.Length; i++) v[i] *= scale;
    }

    /// <summary>
    /// Frees the node records (and unmaps the file) once every running search has finished; later calls throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose() => _gate.Close(() =>
    {
        _store.Dispose();
        _scratch.Dispose();
    });
}
