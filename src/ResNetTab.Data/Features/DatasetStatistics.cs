using ResNetTab.Data.Flattening;
using ResNetTab.Data.Hashing;

namespace ResNetTab.Data.Features;

/// <summary>Per-path statistics of a fit sample, gathered in one streaming pass.</summary>
public sealed class DatasetStatistics
{
    private readonly Dictionary<string, FieldStatistics> _fields = new(StringComparer.Ordinal);
    private readonly SplitMix64 _rng;
    private readonly int _maxDistinct;
    private readonly int _maxSample;

    /// <summary>Creates an empty collector.</summary>
    public DatasetStatistics(int maxTrackedDistinct = 100_000, int maxNumericSample = 100_000, ulong seed = 42)
    {
        _maxDistinct = maxTrackedDistinct;
        _maxSample = maxNumericSample;
        _rng = new SplitMix64(seed);
    }

    /// <summary>Records seen.</summary>
    public long Rows { get; private set; }

    /// <summary>Statistics per path.</summary>
    public IReadOnlyDictionary<string, FieldStatistics> Fields => _fields;

    /// <summary>Adds one record.</summary>
    public void Add(FlatRecord record)
    {
        Rows++;
        foreach (var (path, value) in record.Fields)
        {
            if (!_fields.TryGetValue(path, out var s))
            {
                s = new FieldStatistics(path, _maxDistinct, _maxSample);
                _fields[path] = s;
            }
            s.Add(value, _rng);
        }
    }
}
