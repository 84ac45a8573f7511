namespace ResNetTab.Synthetic;

/// <summary>
/// Settings of <see cref="SyntheticOcsfGenerator"/>. The same options (seed included) always give the same
/// events, byte for byte: nothing depends on the clock, the culture or the machine.
/// </summary>
public sealed record SyntheticOptions
{
    /// <summary>Seed of every random choice. Default 42.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Number of events to generate. Default 10,000.</summary>
    public int EventCount { get; init; } = 10_000;

    /// <summary>Human users (each with a workstation and working hours). Default 150.</summary>
    public int UserCount { get; init; } = 150;

    /// <summary>Service accounts (active around the clock on servers). Default 12.</summary>
    public int ServiceAccountCount { get; init; } = 12;

    /// <summary>Servers. Default 24.</summary>
    public int ServerCount { get; init; } = 24;

    /// <summary>Share of events that belong to injected anomalies, in [0, 0.5]. Default 0.01.</summary>
    public double AnomalyRate { get; init; } = 0.01;

    /// <summary>
    /// Share of normal logins that fail (a mistyped password), in [0, 0.5]. Default 0. The sequence-only kind
    /// <see cref="AnomalyKind.FailuresThenSuccess"/> needs failed logins to be ordinary on their own.
    /// </summary>
    public double NormalLoginFailureRate { get; init; }

    /// <summary>Kinds of anomaly to inject; default all of <see cref="AnomalyKinds.All"/> (the point kinds; add <see cref="AnomalyKinds.SequenceOnly"/> for the sequence-only ones).</summary>
    public IReadOnlyList<AnomalyKind> AnomalyKinds { get; init; } = Synthetic.AnomalyKinds.All;

    /// <summary>UTC start of the simulated period. Default Monday 2024-03-04 00:00 UTC.</summary>
    public DateTimeOffset Start { get; init; } = new(2024, 3, 4, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Average events per simulated day (sets the time span). Default 50,000.</summary>
    public int EventsPerDay { get; init; } = 50_000;

    /// <summary>Checks the values; throws <see cref="ArgumentOutOfRangeException"/> on a bad one.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(EventCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(UserCount, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(ServiceAccountCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ServerCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(EventsPerDay, 1);
        if (!(AnomalyRate >= 0 && AnomalyRate <= 0.5)) throw new ArgumentOutOfRangeException(nameof(AnomalyRate), AnomalyRate, "must be in [0, 0.5].");
        if (!(NormalLoginFailureRate >= 0 && NormalLoginFailureRate <= 0.5)) throw new ArgumentOutOfRangeException(nameof(NormalLoginFailureRate), NormalLoginFailureRate, "must be in [0, 0.5].");
        ArgumentNullException.ThrowIfNull(AnomalyKinds);
        if (AnomalyRate > 0 && AnomalyKinds.Count == 0) throw new ArgumentException("AnomalyRate > 0 needs at least one anomaly kind.", nameof(AnomalyKinds));
        if (AnomalyKinds.Any(k => k == AnomalyKind.None)) throw new ArgumentException("AnomalyKind.None is not injectable.", nameof(AnomalyKinds));
    }
}
