namespace ResNetTab.Anomaly.Neighbors;

public sealed unsafe partial class HnswIndex
{
    /// <summary>The approximate <paramref name="k"/> nearest vectors of <paramref name="query"/>, nearest first.</summary>
    /// <param name="query">Query vector of <see cref="Dimension"/> finite values.</param>
    /// <param name="k">Neighbours wanted; fewer are returned when the index holds fewer vectors.</param>
    /// <param name="ef">Candidate list size (default <see cref="HnswOptions.Ef"/>); at least <paramref name="k"/> is used.</param>
    /// <returns>Ids and distances (Euclidean, or 1 − cos for <see cref="VectorMetric.Cosine"/>).</returns>
    /// <exception cref="ObjectDisposedException">The index was disposed.</exception>
    public (int[] Ids, float[] Distances) Search(ReadOnlySpan<float> query, int k, int? ef = null)
    {
        using var use = _gate.Read();
        CheckQuery(query.Length, k, ef);
        CheckFinite(query, Dimension, nameof(query));
        Span<float> q = Dimension <= 1024 ? stackalloc float[Dimension] : new float[Dimension];
        query.CopyTo(q);
        if (Options.Metric == VectorMetric.Cosine) Normalise(q, 0, nameof(query));
        int found = Math.Min(k, _count);
        var ids = new int[found];
        var distances = new float[found];
        fixed (float* qp = q) SearchOne(qp, found, ef ?? Options.Ef, _scratch.Value!, ids, distances);
        return (ids, distances);
    }

    /// <summary>Searches every row of <paramref name="queries"/> on <see cref="HnswOptions.NJobs"/> threads.</summary>
    /// <param name="queries">Query rows (<see cref="Dimension"/> features).</param>
    /// <param name="k">Neighbours per row; at most <see cref="Count"/>.</param>
    /// <param name="ef">Candidate list size (default <see cref="HnswOptions.Ef"/>).</param>
    /// <returns>Row-major ids and distances (Euclidean, or 1 − cos for <see cref="VectorMetric.Cosine"/>).</returns>
    /// <exception cref="ObjectDisposedException">The index was disposed.</exception>
    public NeighborResult SearchBatch(FeatureMatrix queries, int k, int? ef = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        using var use = _gate.Read();
        CheckQuery(queries.Columns, k, ef);
        if (k > _count) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {_count}, the vectors in the index.");
        int m = queries.Rows, d = Dimension, efUsed = ef ?? Options.Ef;
        var distances = new double[m * k];
        var indices = new int[m * k];
        var source = queries;
        Parallel.For(0, (m + 63) / 64, Parallelism.Options(Options.NJobs), () => (new SearchScratch(), new float[d], new float[k]),
            (chunk, _, local) =>
            {
                var (scratch, q, dist) = local;
                for (int r = chunk * 64, end = Math.Min(m, r + 64); r < end; r++)
                {
                    source.Row(r).CopyTo(q);
                    if (Options.Metric == VectorMetric.Cosine) Normalise(q, r, nameof(queries));
                    fixed (float* qp = q)
                        SearchOne(qp, k, efUsed, scratch, indices.AsSpan(r * k, k), dist);
                    for (int j = 0; j < k; j++) distances[(r * k) + j] = dist[j];
                }
                return local;
            }, _ => { });
        return new NeighborResult(m, k, distances, indices);
    }

    private void CheckQuery(int columns, int k, int? ef)
    {
        if (_count == 0) throw new InvalidOperationException("The HNSW index is empty: add vectors before searching.");
        if (columns != Dimension)
            throw new ArgumentException($"The query has {columns} features, the index has dimension {Dimension}.", nameof(columns));
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        if (ef is < 1) throw new ArgumentOutOfRangeException(nameof(ef), ef, "ef must be at least 1.");
    }

    private void SearchOne(float* q, int k, int ef, SearchScratch scratch, Span<int> ids, Span<float> distances)
    {
        int entry = _entryPoint;
        float entryDistance = SimdDistance.SquaredL2(q, _store.Vector(entry), Dimension);
        for (int l = _maxLevel; l > 0; l--) Greedy(q, ref entry, ref entryDistance, l, lockLinks: false, scratch);
        SearchLayer(q, entry, entryDistance, 0, Math.Max(ef, k), scratch, lockLinks: false, capacity: _count);
        var results = scratch.Results;
        while (results.Count > k) results.Pop();
        int n = results.Count;
        scratch.EnsureSorted(n);
        results.DrainAscending(scratch.SortedDistances, scratch.SortedIds);
        for (int i = 0; i < n; i++)
        {
            ids[i] = scratch.SortedIds[i];
            float d2 = scratch.SortedDistances[i];
            distances[i] = Options.Metric == VectorMetric.Cosine ? d2 / 2 : MathF.Sqrt(d2);
        }
    }

    /// <summary>Greedy descent on an upper layer: moves to a closer neighbour while there is one.</summary>
    private void Greedy(float* q, ref int entry, ref float entryDistance, int level, bool lockLinks, SearchScratch scratch)
    {
        Span<int> buffer = scratch.GreedyBuffer(M + 1);
        bool changed = true;
        while (changed)
        {
            changed = false;
            int n = ReadLinks(entry, level, buffer, lockLinks);
            for (int i = 0; i < n; i++)
            {
                int e = buffer[i];
                float d = SimdDistance.SquaredL2(q, _store.Vector(e), Dimension);
                if (d < entryDistance)
                {
                    entryDistance = d;
                    entry = e;
                    changed = true;
                }
            }
        }
    }

    /// <summary>Best-first search of one layer from <paramref name="entry"/>; the ef best end in <c>scratch.Results</c>.</summary>
    private void SearchLayer(float* q, int entry, float entryDistance, int level, int ef, SearchScratch scratch, bool lockLinks, int capacity)
    {
        scratch.Begin(capacity);
        var candidates = scratch.Candidates;
        var results = scratch.Results;
        scratch.Visit(entry);
        candidates.Push(entryDistance, entry);
        results.Push(entryDistance, entry);
        int width = level == 0 ? M0 : M;
        var buffer = scratch.LinkBuffer(width + 1);
        int d = Dimension;
        while (candidates.Count > 0)
        {
            float cd = candidates.TopDistance;
            if (cd > results.TopDistance && results.Count >= ef) break;
            int c = candidates.TopId;
            candidates.Pop();
            int n;
            int* links;
            if (lockLinks || level > 0)
            {
                n = ReadLinks(c, level, buffer, lockLinks);
                links = (int*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref buffer[0]); // pinned array
            }
            else
            {
                links = _store.Links0(c);
                n = links[0];
                links++;
            }
            if (n > 0) Prefetch(_store.Vector(links[0]));
            for (int i = 0; i < n; i++)
            {
                int e = links[i];
                if (i + 1 < n) Prefetch(_store.Vector(links[i + 1]));
                if (!scratch.Visit(e)) continue;
                float dist = SimdDistance.SquaredL2(q, _store.Vector(e), d);
                if (results.Count < ef || dist < results.TopDistance)
                {
                    candidates.Push(dist, e);
                    results.Push(dist, e);
                    if (results.Count > ef) results.Pop();
                }
            }
        }
    }

    /// <summary>Copies the links of <paramref name="id"/> on <paramref name="level"/>; returns how many.</summary>
    private int ReadLinks(int id, int level, Span<int> buffer, bool lockLinks)
    {
        if (lockLinks) Lock(id);
        int* links = LinksOf(id, level);
        int n = links[0];
        new ReadOnlySpan<int>(links + 1, n).CopyTo(buffer);
        if (lockLinks) Unlock(id);
        return n;
    }
}
