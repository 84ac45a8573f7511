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

    private readonly List<LayerCandidates> _layers = [];
    private int[] _greedy = [];
    private int[] _chosen = [], _candidateIds = [], _kept = [];
    private float[] _candidateDistances = [];

    /// <summary>Candidates found on one layer during an insertion, nearest first, kept until the links are published.</summary>
    public sealed class LayerCandidates
    {
        public float[] Distances { get; set; } = new float[256];

        public int[] Ids { get; set; } = new int[256];

        public int Count { get; set; }
    }

    /// <summary>The candidate buffer of <paramref name="layer"/>, sized for <paramref name="count"/> entries.</summary>
    public LayerCandidates Layer(int layer, int count)
    {
        while (_layers.Count <= layer) _layers.Add(new LayerCandidates());
        var plan = _layers[layer];
        if (plan.Distances.Length < count)
        {
            plan.Distances = new float[count * 2];
            plan.Ids = new int[count * 2];
        }
        plan.Count = count;
        return plan;
    }

    /// <summary>The candidates stored for <paramref name="layer"/> by <see cref="Layer(int, int)"/>.</summary>
    public LayerCandidates Layer(int layer) => _layers[layer];

    public Span<int> GreedyBuffer(int n)
    {
        if (_greedy.Length < n) _greedy = new int[n];
        return _greedy.AsSpan(0, n);
    }

    /// <summary>Buffers of <see cref="HnswIndex"/>'s link selection, each of at least <paramref name="n"/> entries.</summary>
    public (int[] Chosen, float[] CandidateDistances, int[] CandidateIds, int[] Kept) ConnectBuffers(int n)
    {
        if (_chosen.Length < n)
        {
            _chosen = new int[n];
            _candidateDistances = new float[n];
            _candidateIds = new int[n];
            _kept = new int[n];
        }
        return (_chosen, _candidateDistances, _candidateIds, _kept);
    }

    public int[] LinkBuffer(int n)
    {
        if (Links.Length < n) Links = GC.AllocateArray<int>(n * 2, pinned: true);
        return Links;
    }
}
