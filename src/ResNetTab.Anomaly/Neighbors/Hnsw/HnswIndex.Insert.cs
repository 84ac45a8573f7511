using System.Runtime.Intrinsics.X86;

namespace ResNetTab.Anomaly.Neighbors;

public sealed unsafe partial class HnswIndex
{
    private void InsertRange(int first, int end)
    {
        int start = first;
        if (_entryPoint < 0)
        {
            _entryPoint = first;
            _maxLevel = _levels[first];
            start++;
        }
        int threads = Parallelism.Options(Options.NJobs).MaxDegreeOfParallelism;
        if (threads <= 1 || end - start < 2)
        {
            _concurrent = false;
            for (int id = start; id < end; id++) Insert(id, _scratch.Value!);
            return;
        }
        _concurrent = true;
        try
        {
            // One worker per thread takes the next id from a shared counter, so each keeps one scratch for the batch.
            int next = start - 1;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
            {
                var scratch = new SearchScratch();
                for (int id = Interlocked.Increment(ref next); id < end; id = Interlocked.Increment(ref next)) Insert(id, scratch);
            });
        }
        finally
        {
            _concurrent = false;
        }
    }

    private void Insert(int id, SearchScratch scratch)
    {
        int level = _levels[id];
        bool holdsGlobal = false;
        int entry, top;
        lock (_global)
        {
            entry = _entryPoint;
            top = _maxLevel;
        }
        if (level > top && _concurrent)
        {
            // A new top layer: insert under the global lock, as hnswlib does, so the entry point moves once.
            Monitor.Enter(_global);
            holdsGlobal = true;
            entry = _entryPoint;
            top = _maxLevel;
        }
        try
        {
            float* q = _store.Vector(id);
            float entryDistance = SimdDistance.SquaredL2(q, _store.Vector(entry), Dimension);
            for (int l = top; l > level; l--) Greedy(q, ref entry, ref entryDistance, l, _concurrent, scratch);
            // Search every target layer first (top down), then publish the links bottom up: a node becomes reachable on
            // a layer only once its lists on every lower layer are written, so a concurrent insert that descends
            // through it never meets an empty lower-layer list (it would link only to this node, and that reverse
            // link would later be overwritten by this node's own list, leaving the other node unreachable).
            int low = Math.Min(level, top);
            for (int l = low; l >= 0; l--)
            {
                SearchLayer(q, entry, entryDistance, l, Options.EfConstruction, scratch, lockLinks: _concurrent, capacity: _levels.Length);
                var plan = scratch.Layer(l, scratch.Results.Count);
                scratch.Results.DrainAscending(plan.Distances, plan.Ids);
                entry = plan.Ids[0];
                entryDistance = plan.Distances[0];
            }
            for (int l = 0; l <= low; l++)
            {
                var plan = scratch.Layer(l);
                Connect(id, l, plan.Distances.AsSpan(0, plan.Count), plan.Ids.AsSpan(0, plan.Count), scratch);
            }
            if (level > top)
            {
                lock (_global)
                {
                    if (level > _maxLevel)
                    {
                        _maxLevel = level;
                        _entryPoint = id;
                    }
                }
            }
        }
        finally
        {
            if (holdsGlobal) Monitor.Exit(_global);
        }
    }

    /// <summary>Links <paramref name="id"/> to the heuristic's choice among <paramref name="ids"/> and back.</summary>
    private void Connect(int id, int level, Span<float> distances, Span<int> ids, SearchScratch scratch)
    {
        int maxLinks = level == 0 ? M0 : M;
        // Per-thread buffers rather than stackalloc: M is bounded, but a stack frame need not scale with it.
        var (chosen, candD, candI, kept) = scratch.ConnectBuffers(M0 + 1);
        int count = SelectHeuristic(distances, ids, M, chosen);
        Lock(id);
        int* own = LinksOf(id, level);
        own[0] = count;
        for (int i = 0; i < count; i++) own[1 + i] = chosen[i];
        Unlock(id);

        for (int c = 0; c < count; c++)
        {
            int other = chosen[c];
            Lock(other);
            int* links = LinksOf(other, level);
            int n = links[0];
            if (n < maxLinks)
            {
                links[1 + n] = id;
                links[0] = n + 1;
            }
            else
            {
                // Full: keep the heuristic's choice among the current links and the new node.
                float* v = _store.Vector(other);
                for (int i = 0; i < n; i++)
                {
                    candI[i] = links[1 + i];
                    candD[i] = SimdDistance.SquaredL2(v, _store.Vector(candI[i]), Dimension);
                }
                candI[n] = id;
                candD[n] = SimdDistance.SquaredL2(v, _store.Vector(id), Dimension);
                SortAscending(candD.AsSpan(0, n + 1), candI.AsSpan(0, n + 1));
                int k = SelectHeuristic(candD.AsSpan(0, n + 1), candI.AsSpan(0, n + 1), maxLinks, kept);
                for (int i = 0; i < k; i++) links[1 + i] = kept[i];
                links[0] = k;
            }
            Unlock(other);
        }
    }

    /// <summary>
    /// The paper's neighbour heuristic over candidates sorted by distance: a candidate is kept when it is closer to
    /// the base than to every neighbour already kept, up to <paramref name="max"/> (all when there are fewer).
    /// </summary>
    private int SelectHeuristic(Span<float> distances, Span<int> ids, int max, Span<int> chosen)
    {
        int n = distances.Length;
        if (n <= max)
        {
            ids.CopyTo(chosen);
            return n;
        }
        int count = 0;
        for (int i = 0; i < n && count < max; i++)
        {
            float* e = _store.Vector(ids[i]);
            bool good = true;
            for (int j = 0; j < count; j++)
            {
                if (SimdDistance.SquaredL2(e, _store.Vector(chosen[j]), Dimension) < distances[i])
                {
                    good = false;
                    break;
                }
            }
            if (good) chosen[count++] = ids[i];
        }
        return count;
    }

    private static void SortAscending(Span<float> d, Span<int> ids)
    {
        for (int i = 1; i < d.Length; i++)
        {
            float kd = d[i];
            int ki = ids[i], j = i - 1;
            while (j >= 0 && (d[j] > kd || (d[j] == kd && ids[j] > ki)))
            {
                d[j + 1] = d[j];
                ids[j + 1] = ids[j];
                j--;
            }
            d[j + 1] = kd;
            ids[j + 1] = ki;
        }
    }

    /// <summary>Links of <paramref name="id"/> on <paramref name="level"/>: [count, link₀, …].</summary>
    private int* LinksOf(int id, int level)
    {
        if (level == 0) return _store.Links0(id);
        // Upper-layer link arrays live on the pinned object heap, so their addresses are stable.
        return (int*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _upper[id]![(level - 1) * (M + 1)]);
    }

    /// <summary>
    /// Locks the link lists of <paramref name="id"/> during parallel insertion: one of 4,096 striped monitors, which
    /// spin briefly and then sleep, so a preempted holder on a busy machine does not leave the others spinning.
    /// At most one lock is held at a time, so striping cannot deadlock.
    /// </summary>
    private void Lock(int id)
    {
        if (_concurrent) Monitor.Enter(_stripes[id & (Stripes - 1)]);
    }

    private void Unlock(int id)
    {
        if (_concurrent) Monitor.Exit(_stripes[id & (Stripes - 1)]);
    }

    private static void Prefetch(void* p)
    {
        if (Sse.IsSupported) Sse.Prefetch0(p);
    }
}
