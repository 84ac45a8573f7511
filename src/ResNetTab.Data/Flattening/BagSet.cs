namespace ResNetTab.Data.Flattening;

/// <summary>
/// The bags of one array of objects while its elements are read: items per <c>path[].field</c>, paths in order of
/// first sighting. Reused per thread (<see cref="Rent"/>/<see cref="Return"/>) so reading allocates only the items.
/// </summary>
internal sealed class BagSet
{
    [ThreadStatic] private static Stack<BagSet>? t_pool;

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _paths = [];
    private readonly List<List<string>> _items = [];
    private int _count;

    public int Count => _count;

    public string Path(int i) => _paths[i];

    public List<string> Items(int i) => _items[i];

    public void Add(string path, string item)
    {
        if (!_index.TryGetValue(path, out var i))
        {
            i = _count++;
            _index[path] = i;
            if (i == _paths.Count)
            {
                _paths.Add(path);
                _items.Add([]);
            }
            else _paths[i] = path;
        }
        _items[i].Add(item);
    }

    public static BagSet Rent() => t_pool is { Count: > 0 } pool ? pool.Pop() : new BagSet();

    public static void Return(BagSet set)
    {
        set._index.Clear();
        for (var i = 0; i < set._count; i++) set._items[i].Clear();
        set._count = 0;
        (t_pool ??= new Stack<BagSet>()).Push(set);
    }
}
