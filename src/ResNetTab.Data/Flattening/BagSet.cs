namespace ResNetTab.Data;

/// <summary>
/// The bags of one array of objects while its elements are read: per <c>path[].field</c>, the item texts joined
/// by <see cref="FieldValue.BagSeparator"/> in one growing character buffer, paths in order of first sighting.
/// Reused per thread (<see cref="Rent"/>/<see cref="Return"/>), so reading allocates only the final texts.
/// </summary>
internal sealed class BagSet
{
    [ThreadStatic] private static Stack<BagSet>? t_pool;

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _paths = [];
    private readonly List<char[]> _texts = [];
    private readonly List<int> _lengths = [];
    private int _count;

    public int Count => _count;

    public string Path(int i) => _paths[i];

    /// <summary>The bag value of path <paramref name="i"/>.</summary>
    public FieldValue Value(int i) => FieldValue.FromBagText(new string(_texts[i], 0, _lengths[i]));

    /// <summary>Adds an item (its separator characters replaced by spaces).</summary>
    public void Add(string path, ReadOnlySpan<char> item)
    {
        if (!_index.TryGetValue(path, out var i))
        {
            i = _count++;
            _index[path] = i;
            if (i == _paths.Count)
            {
                _paths.Add(path);
                _texts.Add(new char[64]);
                _lengths.Add(0);
            }
            else
            {
                _paths[i] = path;
                _lengths[i] = 0;
            }
        }
        var length = _lengths[i];
        var needed = length + item.Length + 1;
        var text = _texts[i];
        if (needed > text.Length)
        {
            Array.Resize(ref text, Math.Max(needed, text.Length * 2));
            _texts[i] = text;
        }
        if (length > 0) text[length++] = FieldValue.BagSeparator;
        var target = text.AsSpan(length, item.Length);
        item.CopyTo(target);
        if (target.Contains(FieldValue.BagSeparator)) target.Replace(FieldValue.BagSeparator, ' ');
        _lengths[i] = length + item.Length;
    }

    public static BagSet Rent() => t_pool is { Count: > 0 } pool ? pool.Pop() : new BagSet();

    public static void Return(BagSet set)
    {
        set._index.Clear();
        set._count = 0;
        (t_pool ??= new Stack<BagSet>()).Push(set);
    }
}
