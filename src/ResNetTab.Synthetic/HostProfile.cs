namespace ResNetTab.Synthetic;

/// <summary>A machine: its identity, network place and the programs it normally runs.</summary>
internal sealed class HostProfile
{
    public required string Hostname { get; init; }
    public required string Uid { get; init; }
    public required string Ip { get; init; }
    public required string Mac { get; init; }
    public required OsInfo Os { get; init; }
    public required bool IsServer { get; init; }
    public required Place Place { get; init; }
    public required string Subnet { get; init; }
    public required string AgentVersion { get; init; }

    /// <summary>Programs seen on this host in normal activity (a subset of its OS family's list).</summary>
    public required ProgramInfo[] Programs { get; init; }

    public bool IsWindows => Os.TypeId == 100;
}
