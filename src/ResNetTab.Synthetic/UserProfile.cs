namespace ResNetTab.Synthetic;

/// <summary>
/// A user's behaviour: working hours (UTC, with or without weekends), home place and addresses, usual
/// hosts, cloud services and API clients. Normal events of the user stay inside this profile.
/// </summary>
internal sealed class UserProfile
{
    public required string Name { get; init; }
    public required string Uid { get; init; }
    public required string Email { get; init; }
    public required string Department { get; init; }
    public required string Title { get; init; }
    public required bool IsService { get; init; }
    public required bool MfaEnabled { get; init; }
    public required Place Place { get; init; }

    /// <summary>First working hour (UTC, 0–23).</summary>
    public required int WorkStartHour { get; init; }

    /// <summary>Length of the working day in hours; 24 for service accounts.</summary>
    public required int WorkHours { get; init; }

    public required bool WorksWeekends { get; init; }
    public required HostProfile Workstation { get; init; }

    /// <summary>Public addresses the user logs in from when remote (home, VPN egress), all in <see cref="Place"/>.</summary>
    public required string[] RemoteIps { get; init; }

    public required string[] UserAgents { get; init; }
    public required int[] ApiServices { get; init; }
    public required string AccessKey { get; init; }

    /// <summary>True when the UTC hour <paramref name="hour"/> is inside the working window.</summary>
    public bool WorksAtHour(int hour) => WorkHours >= 24 || (hour - WorkStartHour + 24) % 24 < WorkHours;

    /// <summary>Hours between <paramref name="hour"/> and the nearest edge of the working window (0 inside it).</summary>
    public int HoursOutside(int hour)
    {
        if (WorksAtHour(hour)) return 0;
        var afterEnd = (hour - (WorkStartHour + WorkHours - 1) + 48) % 24;
        var beforeStart = (WorkStartHour - hour + 24) % 24;
        return Math.Min(afterEnd, beforeStart);
    }

    /// <summary>True when the user normally works at this UTC time.</summary>
    public bool WorksAt(DateTimeOffset t) =>
        WorksAtHour(t.Hour) && (WorksWeekends || (t.DayOfWeek != DayOfWeek.Saturday && t.DayOfWeek != DayOfWeek.Sunday));
}
