namespace ResNetTab.Synthetic;

/// <summary>
/// What one event should say: who, where, when, and (for anomalies) the values that make it anomalous.
/// Builders fill every other field from the profiles. Reused from event to event.
/// </summary>
internal sealed class EventSpec
{
    public int ClassUid;
    public long TimeMs;
    public UserProfile User = null!;
    public HostProfile Host = null!;
    public AnomalyKind Anomaly;
    public int Episode;

    public bool Failed;
    public ExternalAddress? Source;
    public ExternalAddress? Destination;
    public string? DstIp;
    public int? DstPort;
    public long? BytesOut;
    public ProgramInfo? Program;
    public string? UserAgent;

    // Set by sequence-only episodes (SequenceAnomalies): an internal server and the service of its port, an API call.
    public HostProfile? Server;
    public int? ApiService;
    public string? Operation;

    public void Reset(int classUid, long timeMs, UserProfile user, HostProfile host)
    {
        ClassUid = classUid;
        TimeMs = timeMs;
        User = user;
        Host = host;
        Anomaly = AnomalyKind.None;
        Episode = 0;
        Failed = false;
        Source = null;
        Destination = null;
        DstIp = null;
        DstPort = null;
        BytesOut = null;
        Program = null;
        UserAgent = null;
        Server = null;
        ApiService = null;
        Operation = null;
    }
}
