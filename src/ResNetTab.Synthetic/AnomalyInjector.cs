using ResNetTab.Data;

namespace ResNetTab.Synthetic;

/// <summary>
/// Decides when an anomaly episode starts (keeping the labelled share close to the requested rate) and
/// builds its events. Each kind draws its anomalous values from pools normal events never use.
/// </summary>
internal sealed class AnomalyInjector
{
    private static readonly int[] ScanPorts =
        [21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 389, 443, 445, 993, 995, 1433, 1521, 2049, 3306, 3389, 5432, 5900, 5985, 6379, 8080, 8443, 9200, 11211, 27017];

    private readonly SyntheticOptions _o;
    private readonly ProfileCatalog _c;
    private readonly SplitMix64 _rng;
    private readonly HostProfile _directory;
    private readonly SequenceAnomalies _sequences;
    private long _anomalous;
    private int _episodes;

    public AnomalyInjector(SyntheticOptions options, ProfileCatalog catalog, SplitMix64 rng)
    {
        _o = options;
        _c = catalog;
        _rng = rng;
        _sequences = new SequenceAnomalies(catalog, rng);
        _directory = catalog.Servers.FirstOrDefault(s => s.Hostname.StartsWith("dc", StringComparison.Ordinal)) ?? catalog.Servers[0];
    }

    /// <summary>
    /// An episode to emit at <paramref name="index"/>, or null. Starts only while the labelled count is below
    /// rate × events, so the realised rate stays within one episode of the target.
    /// </summary>
    public List<EventSpec>? TryStart(long index, long timeMs)
    {
        if (_o.AnomalyRate <= 0 || _anomalous >= _o.AnomalyRate * (index + 1) || !_rng.Chance(0.25)) return null;
        var first = (int)_rng.NextInt64(_o.AnomalyKinds.Count);
        for (var k = 0; k < _o.AnomalyKinds.Count; k++)
        {
            var kind = _o.AnomalyKinds[(first + k) % _o.AnomalyKinds.Count];
            var episode = Build(kind, timeMs);
            if (episode == null) continue;
            var room = _o.EventCount - index;
            if (episode.Count > room) episode.RemoveRange((int)room, episode.Count - (int)room);
            _episodes++;
            foreach (var e in episode)
            {
                e.Anomaly = kind;
                e.Episode = _episodes;
            }
            _anomalous += episode.Count;
            return episode;
        }
        return null;
    }

    private List<EventSpec>? Build(AnomalyKind kind, long t) => kind switch
    {
        AnomalyKind.UnusualHourLogin => UnusualHour(t),
        AnomalyKind.NewLocationLogin => Single(3002, t, AnyHuman(t), s => { s.Source = _rng.Pick(_c.ForeignSources); s.UserAgent = _rng.Pick(Vocabulary.BrowserAgents); }),
        AnomalyKind.BruteForce => BruteForce(t),
        AnomalyKind.LargeTransferRareDestination => Single(4001, t, AnyHuman(t), s =>
        {
            s.Destination = _rng.Pick(_c.RareDestinations);
            s.BytesOut = (long)Math.Exp(Math.Log(2e8) + _rng.NextDouble() * (Math.Log(5e9) - Math.Log(2e8)));
        }),
        AnomalyKind.RareProcess => RareProcess(t),
        AnomalyKind.PortScan => PortScan(t),
        AnomalyKind.UnusualApiClient => UnusualApi(t),
        AnomalyKind.FailuresThenSuccess => _sequences.FailuresThenSuccess(t, AnyHuman(t)),
        AnomalyKind.ImpossibleTravel => _sequences.ImpossibleTravel(t, AnyHuman(t)),
        AnomalyKind.RapidWrites => _sequences.RapidWrites(t, AnyHuman(t)),
        AnomalyKind.SlowScan => _sequences.SlowScan(t, AnyHuman(t)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private UserProfile AnyHuman(long t)
    {
        var active = _c.ActiveByHourOfWeek[ProfileCatalog.HourOfWeek(t)];
        return active.Length > 0 ? _rng.Pick(active) : _rng.Pick(_c.Humans);
    }

    private static List<EventSpec> Single(int classUid, long t, UserProfile user, Action<EventSpec> set)
    {
        var s = new EventSpec();
        s.Reset(classUid, t, user, user.Workstation);
        set(s);
        return [s];
    }

    private List<EventSpec>? UnusualHour(long t)
    {
        var hour = (int)(t / 3_600_000 % 24);
        // At least three hours away from the user's working window: clearly not a late evening at the desk.
        var candidates = _c.Humans.Where(u => u.HoursOutside(hour) >= 3).ToArray();
        if (candidates.Length == 0) return null;
        return Single(3002, t, _rng.Pick(candidates), _ => { });
    }

    private List<EventSpec> BruteForce(long t)
    {
        var target = _rng.Pick(_c.Humans);
        var source = _rng.Pick(_c.ForeignSources);
        var agent = _rng.Pick(Vocabulary.UnusualUserAgents);
        var n = _rng.Between(6, 14);
        var list = new List<EventSpec>(n);
        for (var i = 0; i < n; i++)
        {
            t += _rng.Between(300, 2500);
            var s = new EventSpec();
            s.Reset(3002, t, target, _directory);
            s.Failed = true;
            s.Source = source;
            s.UserAgent = agent;
            list.Add(s);
        }
        return list;
    }

    private List<EventSpec> RareProcess(long t)
    {
        var onServer = _rng.Chance(0.3);
        var user = onServer ? _rng.Pick(_c.Services) : AnyHuman(t);
        var host = user.Workstation;
        var s = new EventSpec();
        s.Reset(1007, t, user, host);
        s.Program = _rng.Pick(host.IsWindows ? Vocabulary.RareWindowsPrograms : Vocabulary.RareUnixPrograms);
        return [s];
    }

    private List<EventSpec> PortScan(long t)
    {
        var target = _rng.Pick(_c.Servers);
        var external = _rng.Chance(0.5);
        var insider = AnyHuman(t);
        var source = external ? _rng.Pick(_c.ForeignSources) : null;
        var n = _rng.Between(12, 24);
        // A random order of distinct ports.
        var ports = ScanPorts.OrderBy(_ => _rng.NextUInt64()).Take(n).ToArray();
        var list = new List<EventSpec>(n);
        foreach (var port in ports)
        {
            t += _rng.Between(5, 80);
            var s = new EventSpec();
            s.Reset(4001, t, insider, external ? target : insider.Workstation);
            s.Source = source;
            s.DstIp = target.Ip;
            s.DstPort = port;
            list.Add(s);
        }
        return list;
    }

    private List<EventSpec> UnusualApi(long t)
    {
        var user = AnyHuman(t);
        var agent = _rng.Pick(Vocabulary.UnusualUserAgents);
        var n = _rng.Between(1, 3);
        var list = new List<EventSpec>(n);
        for (var i = 0; i < n; i++)
        {
            t += _rng.Between(200, 5000);
            var s = new EventSpec();
            s.Reset(6003, t, user, user.Workstation);
            s.UserAgent = agent;
            list.Add(s);
        }
        return list;
    }
}
