using ResNetTab.Data;

namespace ResNetTab.Synthetic;

/// <summary>
/// Builds the sequence-only anomaly episodes (<see cref="AnomalyKinds.SequenceOnly"/>): every event is one a normal user
/// of the estate produces (ordinary fields, ordinary values), and only the order, the pace or the combination of the
/// episode's events is abnormal.
/// </summary>
internal sealed class SequenceAnomalies(ProfileCatalog catalog, SplitMix64 rng)
{
    /// <summary>5–9 failed logins of a user from the user's own machine a few seconds apart, then a successful one.</summary>
    public List<EventSpec> FailuresThenSuccess(long t, UserProfile user)
    {
        var failures = rng.Between(5, 9);
        var list = new List<EventSpec>(failures + 1);
        for (var i = 0; i <= failures; i++)
        {
            t += rng.Between(2_000, 10_000);
            var s = new EventSpec();
            s.Reset(3002, t, user, user.Workstation);
            s.Failed = i < failures;
            list.Add(s);
        }
        return list;
    }

    /// <summary>
    /// A successful remote login of a user from the user's own home address, then, 3–12 minutes later, another from the
    /// home address of a colleague in another country: both places are ordinary login places of the estate, but no one
    /// travels between them in minutes.
    /// </summary>
    public List<EventSpec>? ImpossibleTravel(long t, UserProfile user)
    {
        var elsewhere = catalog.Humans.Where(u => u.Place.Country != user.Place.Country).ToArray();
        if (elsewhere.Length == 0) return null;
        var colleague = rng.Pick(elsewhere);
        var first = new EventSpec();
        first.Reset(3002, t, user, user.Workstation);
        first.Source = Home(user);
        var second = new EventSpec();
        second.Reset(3002, t + rng.Between(180_000, 720_000), user, user.Workstation);
        second.Source = Home(colleague);
        return [first, second];
    }

    /// <summary>
    /// 4–7 write calls (put, update, start, stop) of a user's own cloud services, 1–4 seconds apart; users make such calls
    /// minutes apart, among reads. Only calls users commonly make (early in their service's list) are used.
    /// </summary>
    public List<EventSpec>? RapidWrites(long t, UserProfile user)
    {
        string[] writes = ["Put", "Update", "Start", "Stop"];
        var operations = user.ApiServices
            .SelectMany(i => Vocabulary.ApiServices[i].Operations.Take(4).Select(op => (Service: i, Operation: op)))
            .Where(p => writes.Any(w => p.Operation.StartsWith(w, StringComparison.Ordinal)))
            .ToArray();
        if (operations.Length == 0) return null;
        var n = rng.Between(4, 7);
        var list = new List<EventSpec>(n);
        for (var i = 0; i < n; i++)
        {
            t += rng.Between(1_000, 4_000);
            var (service, operation) = rng.Pick(operations);
            var s = new EventSpec();
            s.Reset(6003, t, user, user.Workstation);
            s.ApiService = service;
            s.Operation = operation;
            list.Add(s);
        }
        return list;
    }

    /// <summary>
    /// Ordinary connections of an insider's workstation to one internal server, each to another common service port, one
    /// every 20–90 seconds: a scan slow enough that no single connection, and no burst, stands out.
    /// </summary>
    public List<EventSpec> SlowScan(long t, UserProfile insider)
    {
        var server = rng.Pick(catalog.Servers);
        var ports = Vocabulary.CommonServices.Select(c => c.Port).Distinct().OrderBy(_ => rng.NextUInt64()).Take(rng.Between(7, 10)).ToArray();
        var list = new List<EventSpec>(ports.Length);
        foreach (var port in ports)
        {
            t += rng.Between(20_000, 90_000);
            var s = new EventSpec();
            s.Reset(4001, t, insider, insider.Workstation);
            s.Server = server;
            s.DstIp = server.Ip;
            s.DstPort = port;
            list.Add(s);
        }
        return list;
    }

    private static ExternalAddress Home(UserProfile user) =>
        new(user.RemoteIps[0], string.Empty, user.Place, 7922, "ISP-" + user.Place.Country);
}
