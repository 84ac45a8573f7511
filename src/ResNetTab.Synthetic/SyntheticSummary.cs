namespace ResNetTab.Synthetic;

/// <summary>Counts of a generated data set: events, anomalies per kind, events per class.</summary>
public sealed class SyntheticSummary
{
    private readonly Dictionary<AnomalyKind, long> _byKind = [];
    private readonly Dictionary<int, long> _byClass = [];
    private readonly HashSet<int> _episodes = [];

    /// <summary>Events written.</summary>
    public long Events { get; private set; }

    /// <summary>Events labelled as anomalies.</summary>
    public long Anomalies { get; private set; }

    /// <summary>Anomaly episodes (a brute-force burst or a port scan counts once).</summary>
    public int Episodes => _episodes.Count;

    /// <summary>Anomalous events per kind.</summary>
    public IReadOnlyDictionary<AnomalyKind, long> AnomaliesByKind => _byKind;

    /// <summary>Events per <c>class_uid</c>.</summary>
    public IReadOnlyDictionary<int, long> EventsByClass => _byClass;

    /// <summary>Share of anomalous events.</summary>
    public double AnomalyRate => Events == 0 ? 0 : (double)Anomalies / Events;

    internal void Add(SyntheticEvent e)
    {
        Events++;
        _byClass[e.ClassUid] = _byClass.GetValueOrDefault(e.ClassUid) + 1;
        if (!e.IsAnomaly) return;
        Anomalies++;
        _byKind[e.Anomaly] = _byKind.GetValueOrDefault(e.Anomaly) + 1;
        _episodes.Add(e.Episode);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Events} events, {Anomalies} anomalous ({AnomalyRate:P2}) in {Episodes} episodes; " +
        string.Join(", ", _byKind.OrderBy(k => k.Key).Select(k => $"{k.Key.ToLabel()}={k.Value}"));
}
