namespace ResNetTab.Anomaly.Neighbors;

/// <summary>Per-thread working memory of a search: visited marks by generation, the two heaps and sort buffers.</summary>
internal sealed class SearchScratch
{
    private int[] _visited = [];
    private int _generation;

    public MinDistanceHeap Candidates { get; } = new(256);

    public MaxDistanceHeap Results { get; } = new(256);

    public float[] SortedDistances { get; private set; } = new float[256];

    public int[] SortedIds { get; private set; } = new int[256];

    /// <summary>Link copies; pinned, because searches read them through a pointer.</summary>
    public int[] Links { get; private set; } = GC.AllocateArray<int>(64, pinned: true);

    /// <summary>Starts a new search over ids below <paramref name="capacity"/>: every id becomes unvisited.</summary>
    public void Begin(int capacity)
    {
        if (_visited.Length < capacity)
        {
            _visited = new int[Math.Max(capacity, _visited.Length * 2)];
            _generation = 0;
        }
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_visited);
            _generation = 1;
        }
        Candidates.Clear();
        Results.Clear();
    }

    /// <summary>Marks <paramref name="id"/>; true when it was not yet visited in this search.</summary>
    public bool Visit(int id)
    {
        ref int slot = ref _visited[id];
        if (slot == _generation) return false;
        slot = _generation;
        return true;
    }

    public void EnsureSorted(int n)
    {
        if (SortedDistances.Length < n)
        {
            SortedDistances = new float[n * 2];
            SortedIds = new int[n * 2];
        }
    }

    public int[] LinkBuffer(int n)
    {
        if (Links.Length < n) Links = GC.AllocateArray<int>(n * 2, pinned: true);
        return Links;
    }
}
