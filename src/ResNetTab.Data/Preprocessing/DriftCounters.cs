using ResNetTab.Data.Encoders;

namespace ResNetTab.Data;

/// <summary>The preprocessor's drift counters: per-call tallies merged under a lock.</summary>
internal sealed class DriftCounters
{
    private readonly object _lock = new();
    private readonly Dictionary<string, long> _newFields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _unseen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _wrongTypes = new(StringComparer.Ordinal);
    private long _rows;

    public SchemaDriftReport Report()
    {
        lock (_lock)
        {
            return new SchemaDriftReport
            {
                Rows = _rows,
                NewFields = new Dictionary<string, long>(_newFields, StringComparer.Ordinal),
                UnseenCategories = new Dictionary<string, long>(_unseen, StringComparer.Ordinal),
                WrongTypes = new Dictionary<string, long>(_wrongTypes, StringComparer.Ordinal),
            };
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _rows = 0;
            _newFields.Clear();
            _unseen.Clear();
            _wrongTypes.Clear();
        }
    }

    public void Merge(DriftTally tally, int rows)
    {
        lock (_lock)
        {
            _rows += rows;
            Merge(_newFields, tally.NewFields);
            Merge(_unseen, tally.UnseenCategories);
            Merge(_wrongTypes, tally.WrongTypes);
        }
    }

    private static void Merge(Dictionary<string, long> into, Dictionary<string, long> from)
    {
        foreach (var (k, v) in from) into[k] = into.GetValueOrDefault(k) + v;
    }
}
