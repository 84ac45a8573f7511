
namespace ResNetTab.Data;

/// <summary>
/// Per-path statistics of a fit sample, gathered in one streaming pass, with record counts per event class
/// (the value of the class field, <c>class_uid</c> by default) so missing rates can be judged within each class.
/// </summary>
internal sealed class DatasetStatistics
{
    /// <summary>At most this many classes are told apart; records of further classes are counted together.</summary>
    public const int MaxClasses = 256;

    /// <summary>Class key of records without the class field.</summary>
    public const string NoClass = "";

    /// <summary>Class key of the records of the classes beyond <see cref="MaxClasses"/>.</summary>
    public const string OtherClasses = "\u0000other";

    private readonly Dictionary<string, FieldStatistics> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _classIndex = new(StringComparer.Ordinal);
    private readonly List<string> _classes = [];
    private long[] _classRows = new long[4];
    private readonly SplitMix64 _rng;
    private readonly int _maxDistinct;
    private readonly int _maxSample;
    private readonly string? _classField;

    /// <summary>Creates an empty collector; <paramref name="classField"/> (null or empty: none) splits records into classes.</summary>
    public DatasetStatistics(int maxTrackedDistinct = 100_000, int maxNumericSample = 100_000, ulong seed = 42, string? classField = "class_uid")
    {
        _maxDistinct = maxTrackedDistinct;
        _maxSample = maxNumericSample;
        _rng = new SplitMix64(seed);
        _classField = string.IsNullOrEmpty(classField) ? null : classField;
    }

    /// <summary>Records seen.</summary>
    public long Rows { get; private set; }

    /// <summary>Statistics per path.</summary>
    public IReadOnlyDictionary<string, FieldStatistics> Fields => _fields;

    /// <summary>Class keys in order of first sighting (<see cref="NoClass"/> for records without the class field).</summary>
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>Records of the class with index <paramref name="classIndex"/> (see <see cref="Classes"/>).</summary>
    public long ClassRows(int classIndex) => _classRows[classIndex];

    /// <summary>Adds one record.</summary>
    public void Add(FlatRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Rows++;
        var cls = ClassOf(record);
        _classRows[cls]++;
        foreach (var (path, value) in record.Fields)
        {
            if (!_fields.TryGetValue(path, out var s))
            {
                s = new FieldStatistics(path, _maxDistinct, _maxSample);
                _fields[path] = s;
            }
            s.Add(value, _rng, cls);
        }
    }

    /// <summary>
    /// The lowest missing rate of a field within one class, over the classes with records, and that class's key.
    /// Without a class field this is the plain missing rate.
    /// </summary>
    public (double Rate, string Class) LowestClassMissingRate(FieldStatistics field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var best = 1.0;
        var bestClass = NoClass;
        for (var c = 0; c < _classes.Count; c++)
        {
            if (_classRows[c] == 0) continue;
            var rate = 1.0 - (double)field.PresentInClass(c) / _classRows[c];
            if (rate < best)
            {
                best = rate;
                bestClass = _classes[c];
            }
        }
        return (best, bestClass);
    }

    /// <summary>Records of a field that carried a class (share of its occurrences in records with the class field).</summary>
    public double ClassifiedShare(FieldStatistics field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Present == 0) return 0;
        var unclassified = _classIndex.TryGetValue(NoClass, out var i) ? field.PresentInClass(i) : 0;
        return 1.0 - (double)unclassified / field.Present;
    }

    private int ClassOf(FlatRecord record)
    {
        var key = NoClass;
        if (_classField != null && record.Fields.TryGetValue(_classField, out var v)) key = v.ToCategory() ?? NoClass;
        if (_classIndex.TryGetValue(key, out var index)) return index;
        if (_classes.Count >= MaxClasses)
        {
            if (_classIndex.TryGetValue(OtherClasses, out index)) return index;
            key = OtherClasses;
        }
        index = _classes.Count;
        _classes.Add(key);
        _classIndex[key] = index;
        if (index >= _classRows.Length) Array.Resize(ref _classRows, _classRows.Length * 2);
        return index;
    }
}
