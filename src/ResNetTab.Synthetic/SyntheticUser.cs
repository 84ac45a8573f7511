namespace ResNetTab.Synthetic;

/// <summary>Public view of a simulated user's behaviour profile (ground truth for checking anomalies).</summary>
public sealed class SyntheticUser
{
    private readonly UserProfile _p;

    internal SyntheticUser(UserProfile p) => _p = p;

    /// <summary><c>actor.user.name</c>.</summary>
    public string Name => _p.Name;

    /// <summary>True for service accounts (active around the clock).</summary>
    public bool IsService => _p.IsService;

    /// <summary>First working hour, UTC.</summary>
    public int WorkStartHourUtc => _p.WorkStartHour;

    /// <summary>Length of the working day in hours (24 for service accounts).</summary>
    public int WorkHours => _p.WorkHours;

    /// <summary>Whether the user also works on Saturdays and Sundays.</summary>
    public bool WorksWeekends => _p.WorksWeekends;

    /// <summary>Office country (ISO 3166 alpha-2).</summary>
    public string Country => _p.Place.Country;

    /// <summary>Hostname of the user's workstation (a server for service accounts).</summary>
    public string Workstation => _p.Workstation.Hostname;

    /// <summary>Public addresses the user normally logs in from when remote.</summary>
    public IReadOnlyList<string> RemoteIps => _p.RemoteIps;

    /// <summary>True when the UTC hour is inside the working window.</summary>
    public bool WorksAtHour(int hourUtc) => _p.WorksAtHour(hourUtc);

    /// <summary>Hours from <paramref name="hourUtc"/> to the nearest edge of the working window (0 inside it).</summary>
    public int HoursOutside(int hourUtc) => _p.HoursOutside(hourUtc);
}
