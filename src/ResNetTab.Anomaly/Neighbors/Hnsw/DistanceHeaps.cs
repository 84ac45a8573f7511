namespace ResNetTab.Anomaly.Neighbors;

/// <summary>The order of a <see cref="DistanceHeap{TOrder}"/>: whether distance <c>a</c> belongs above <c>b</c>.</summary>
internal interface IHeapOrder
{
    static abstract bool Precedes(float a, float b);
}

/// <summary>Smallest distance on top.</summary>
internal readonly struct NearestFirst : IHeapOrder
{
    public static bool Precedes(float a, float b) => a < b;
}

/// <summary>Largest distance on top.</summary>
internal readonly struct FarthestFirst : IHeapOrder
{
    public static bool Precedes(float a, float b) => a > b;
}

/// <summary>Binary heap of (distance, id) ordered by <typeparamref name="TOrder"/> (a struct, so the JIT specialises the comparisons).</summary>
internal class DistanceHeap<TOrder>(int capacity) where TOrder : struct, IHeapOrder
{
    private float[] _d = new float[Math.Max(4, capacity)];
    private int[] _id = new int[Math.Max(4, capacity)];

    public int Count { get; private set; }

    public float TopDistance => _d[0];

    public int TopId => _id[0];

    public void Clear() => Count = 0;

    public void Push(float d, int id)
    {
        if (Count == _d.Length)
        {
            Array.Resize(ref _d, _d.Length * 2);
            Array.Resize(ref _id, _id.Length * 2);
        }
        int i = Count++;
        while (i > 0)
        {
            int p = (i - 1) >> 1;
            if (!TOrder.Precedes(d, _d[p])) break;
            _d[i] = _d[p];
            _id[i] = _id[p];
            i = p;
        }
        _d[i] = d;
        _id[i] = id;
    }

    public void Pop()
    {
        int n = --Count;
        if (n == 0) return;
        float d = _d[n];
        int id = _id[n], i = 0;
        while (true)
        {
            int c = (2 * i) + 1;
            if (c >= n) break;
            if (c + 1 < n && TOrder.Precedes(_d[c + 1], _d[c])) c++;
            if (!TOrder.Precedes(_d[c], d)) break;
            _d[i] = _d[c];
            _id[i] = _id[c];
            i = c;
        }
        _d[i] = d;
        _id[i] = id;
    }
}

/// <summary>Binary min-heap of (distance, id): the candidate frontier of a layer search.</summary>
internal sealed class MinDistanceHeap(int capacity) : DistanceHeap<NearestFirst>(capacity);

/// <summary>Binary max-heap of (distance, id): the best results found so far, worst on top.</summary>
internal sealed class MaxDistanceHeap(int capacity) : DistanceHeap<FarthestFirst>(capacity)
{
    /// <summary>Empties the heap into <paramref name="d"/>/<paramref name="id"/> in ascending distance order; returns the count.</summary>
    public int DrainAscending(Span<float> d, Span<int> id)
    {
        int n = Count;
        for (int i = n - 1; i >= 0; i--)
        {
            d[i] = TopDistance;
            id[i] = TopId;
            Pop();
        }
        return n;
    }
}
