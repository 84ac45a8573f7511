using System.Net;

namespace ResNetTab.Data;

/// <summary>
/// What fit saw of one flattened path: type counts, category counts (capped), and a reservoir sample of
/// numeric values for quantiles. Memory is bounded by the caps in <see cref="FeaturePlanOptions"/>.
/// </summary>
internal sealed class FieldStatistics
{
    private readonly Dictionary<double, long> _numberCounts = [];
    private readonly Dictionary<string, long> _textCounts = new(StringComparer.Ordinal);
    private readonly List<double> _sample = [];
    private readonly int _maxDistinct;
    private readonly int _maxSample;
    private long _numericSeen;

    internal FieldStatistics(string path, int maxDistinct, int maxSample)
    {
        Path = path;
        _maxDistinct = maxDistinct;
        _maxSample = maxSample;
    }

    /// <summary>The flattened path.</summary>
    public string Path { get; }

    /// <summary>Records with a non-null value.</summary>
    public long Present { get; private set; }

    /// <summary>Number values seen.</summary>
    public long Numbers { get; private set; }

    /// <summary>String values seen.</summary>
    public long Strings { get; private set; }

    /// <summary>Bags seen (values of a field across an array of objects); their items are counted as categories.</summary>
    public long Bags { get; private set; }

    /// <summary>Items in all the bags seen.</summary>
    public long BagItems { get; private set; }

    /// <summary>Boolean values seen.</summary>
    public long Booleans { get; private set; }

    /// <summary>String values that parse as IPv4 (dotted quad) or IPv6 addresses.</summary>
    public long IpLike { get; private set; }

    /// <summary>String values that read as ISO-8601 / RFC 3339 date-times (<c>2023-02-06T20:57:47Z</c>, <c>2023-02-06 20:57:47</c>).</summary>
    public long TimestampLike { get; private set; }

    /// <summary>Finite numeric readings (numbers, booleans, numeric strings) seen.</summary>
    public long NumericReadings => _numericSeen;

    /// <summary>
    /// Distinct category texts seen (a lower bound when <see cref="DistinctOverflow"/>): a number and a string
    /// with the same canonical text (<c>1</c> and <c>"1"</c>) are one category.
    /// </summary>
    public int Distinct => MergedCounts().Count;

    // Tracked entries (numbers and texts kept apart while counting, so numbers are not formatted per value).
    private int Tracked => _numberCounts.Count + _textCounts.Count;

    /// <summary>True when more distinct values occurred than were tracked.</summary>
    public bool DistinctOverflow { get; private set; }

    /// <summary>Smallest finite numeric reading.</summary>
    public double Min { get; private set; } = double.PositiveInfinity;

    /// <summary>Largest finite numeric reading.</summary>
    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>
    /// Counts per canonical category text (see <see cref="FieldValue.ToCategory"/>), each text once: the counts of
    /// a number and of a string with the same canonical text are added up.
    /// </summary>
    public IEnumerable<KeyValuePair<string, long>> CategoryCounts => MergedCounts();

    private Dictionary<string, long>? _merged;

    private Dictionary<string, long> MergedCounts()
    {
        if (_merged != null) return _merged;
        var merged = new Dictionary<string, long>(_textCounts, StringComparer.Ordinal);
        foreach (var (number, count) in _numberCounts)
        {
            var text = FieldValue.FormatNumber(number);
            merged[text] = merged.GetValueOrDefault(text) + count;
        }
        return _merged = merged;
    }

    /// <summary>
    /// Share of the present values whose category occurs fewer than <paramref name="minFrequency"/> times (values
    /// beyond the tracking cap count as rare): 1 when no value could enter a vocabulary.
    /// </summary>
    public double RareShare(int minFrequency)
    {
        var total = Bags > 0 ? BagItems + (Present - Bags) : Present;
        if (total == 0) return 0;
        long frequent = 0;
        foreach (var (_, count) in MergedCounts())
            if (count >= minFrequency) frequent += count;
        return 1.0 - (double)frequent / total;
    }

    /// <summary>Reservoir sample of finite numeric readings (unsorted copy).</summary>
    public double[] NumericSample() => [.. _sample];

    private long[] _presentByClass = new long[4];

    /// <summary>Records with a non-null value among those of class <paramref name="classIndex"/> (see <see cref="DatasetStatistics.Classes"/>).</summary>
    public long PresentInClass(int classIndex) => classIndex < _presentByClass.Length ? _presentByClass[classIndex] : 0;

    internal void Add(FieldValue v, SplitMix64 rng, int classIndex = 0)
    {
        if (v.IsNull) return;
        _merged = null;
        Present++;
        if (classIndex >= _presentByClass.Length) Array.Resize(ref _presentByClass, Math.Max(classIndex + 1, _presentByClass.Length * 2));
        _presentByClass[classIndex]++;
        switch (v.Kind)
        {
            case FieldValueKind.Number:
                Numbers++;
                Count(_numberCounts, v.Number);
                break;
            case FieldValueKind.Bag:
                Bags++;
                foreach (var item in v.Items)
                {
                    BagItems++;
                    Count(_textCounts, item);
                }
                return;
            case FieldValueKind.Boolean:
                Booleans++;
                Count(_textCounts, v.Number != 0 ? "true" : "false");
                break;
            default:
                Strings++;
                if (LooksLikeIp(v.Text!)) IpLike++;
                else if (LooksLikeTimestamp(v.Text!)) TimestampLike++;
                Count(_textCounts, v.Text!);
                break;
        }
        if (v.TryGetNumber(out var x) && double.IsFinite(x))
        {
            Min = Math.Min(Min, x);
            Max = Math.Max(Max, x);
            _numericSeen++;
            // Reservoir sampling (algorithm R) keeps a uniform sample of bounded size.
            if (_sample.Count < _maxSample) _sample.Add(x);
            else
            {
                var j = rng.NextInt64(_numericSeen);
                if (j < _maxSample) _sample[(int)j] = x;
            }
        }
    }

    private void Count<TKey>(Dictionary<TKey, long> counts, TKey key) where TKey : notnull
    {
        if (counts.TryGetValue(key, out var c)) counts[key] = c + 1;
        else if (Tracked < _maxDistinct) counts[key] = 1;
        else DistinctOverflow = true;
    }

    /// <summary>
    /// True for an ISO-8601 / RFC 3339 date-time: <c>yyyy-MM-dd</c>, then <c>T</c> or a space and a time, optionally
    /// fractional seconds and an offset or <c>Z</c> — the forms <see cref="Encoders.TimestampEncoder"/> reads. Bare
    /// dates and numbers are not taken as timestamps.
    /// </summary>
    public static bool LooksLikeTimestamp(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Length is < 16 or > 40) return false;
        if (!(char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[3]) && s[4] == '-' && s[7] == '-' && s[10] is 'T' or 't' or ' ' && s[13] == ':'))
            return false;
        return DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AllowWhiteSpaces, out _);
    }

    /// <summary>True for a dotted-quad IPv4 or an IPv6 address (bare integers are not taken as addresses).</summary>
    public static bool LooksLikeIp(string s)
    {
        if (s.Length is < 3 or > 45) return false;
        var dots = s.Count(c => c == '.');
        if (dots != 3 && !s.Contains(':')) return false;
        return IPAddress.TryParse(s, out _);
    }
}
