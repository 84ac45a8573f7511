namespace ResNetTab.Synthetic;

/// <summary>Kind of an injected anomaly in synthetic data (<see cref="None"/> for normal events).</summary>
public enum AnomalyKind
{
    /// <summary>A normal event drawn from the behaviour profiles.</summary>
    None,
    /// <summary>A successful login by a user well outside the user's working hours.</summary>
    UnusualHourLogin,
    /// <summary>A successful login from an address and country the user has never used.</summary>
    NewLocationLogin,
    /// <summary>One of a burst of consecutive failed logins against one user from one address.</summary>
    BruteForce,
    /// <summary>An outbound connection moving far more bytes than usual to a destination never seen before.</summary>
    LargeTransferRareDestination,
    /// <summary>A process that no host normally runs (credential dumpers, tunnels, miners).</summary>
    RareProcess,
    /// <summary>One of a fast sequence of short refused connections from one source to many ports of one host.</summary>
    PortScan,
    /// <summary>A cloud API call made with a client (user agent) the user never uses.</summary>
    UnusualApiClient,
    /// <summary>Sequence-only: a burst of failed logins of a user from the user's own machine, then a successful one.</summary>
    FailuresThenSuccess,
    /// <summary>Sequence-only: two successful logins of a user, minutes apart, from ordinary addresses in two countries.</summary>
    ImpossibleTravel,
    /// <summary>Sequence-only: a user's ordinary write API calls, one after another within seconds.</summary>
    RapidWrites,
    /// <summary>Sequence-only: ordinary connections from one workstation to one server, each to another common port, a minute apart.</summary>
    SlowScan,
}

/// <summary>Canonical snake_case names of <see cref="AnomalyKind"/> used in label files.</summary>
public static class AnomalyKinds
{
    /// <summary>Every injectable kind (all but <see cref="AnomalyKind.None"/>).</summary>
    public static IReadOnlyList<AnomalyKind> All { get; } =
    [
        AnomalyKind.UnusualHourLogin, AnomalyKind.NewLocationLogin, AnomalyKind.BruteForce,
        AnomalyKind.LargeTransferRareDestination, AnomalyKind.RareProcess, AnomalyKind.PortScan,
        AnomalyKind.UnusualApiClient,
    ];

    /// <summary>
    /// The sequence-only kinds: every event of their episodes is ordinary on its own; only their order, pace or
    /// combination is not. Not injected unless listed in <see cref="SyntheticOptions.AnomalyKinds"/>.
    /// </summary>
    public static IReadOnlyList<AnomalyKind> SequenceOnly { get; } =
    [
        AnomalyKind.FailuresThenSuccess, AnomalyKind.ImpossibleTravel, AnomalyKind.RapidWrites, AnomalyKind.SlowScan,
    ];

    /// <summary>Label text of a kind: <c>none</c>, <c>unusual_hour_login</c>, <c>brute_force</c>, …</summary>
    public static string ToLabel(this AnomalyKind kind) => kind switch
    {
        AnomalyKind.None => "none",
        AnomalyKind.UnusualHourLogin => "unusual_hour_login",
        AnomalyKind.NewLocationLogin => "new_location_login",
        AnomalyKind.BruteForce => "brute_force",
        AnomalyKind.LargeTransferRareDestination => "large_transfer_rare_destination",
        AnomalyKind.RareProcess => "rare_process",
        AnomalyKind.PortScan => "port_scan",
        AnomalyKind.UnusualApiClient => "unusual_api_client",
        AnomalyKind.FailuresThenSuccess => "failures_then_success",
        AnomalyKind.ImpossibleTravel => "impossible_travel",
        AnomalyKind.RapidWrites => "rapid_writes",
        AnomalyKind.SlowScan => "slow_scan",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a label text written by <see cref="ToLabel"/>.</summary>
    public static AnomalyKind Parse(string label)
    {
        foreach (var k in (AnomalyKind[])[AnomalyKind.None, .. All, .. SequenceOnly])
            if (string.Equals(k.ToLabel(), label, StringComparison.Ordinal)) return k;
        throw new FormatException($"Unknown anomaly kind '{label}'.");
    }
}
