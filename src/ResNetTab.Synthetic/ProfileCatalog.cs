using System.Globalization;
using ResNetTab.Data;

namespace ResNetTab.Synthetic;

/// <summary>An external address with its domain and country (a destination or a login source).</summary>
internal sealed record ExternalAddress(string Ip, string Domain, Place Place, int Asn, string AsName);

/// <summary>
/// The simulated estate, drawn once from the seed: users with working hours, workstations and servers,
/// popular external destinations, and disjoint pools (rare destinations, foreign addresses) that only
/// anomalies use, so an injected anomaly is anomalous by construction.
/// </summary>
internal sealed class ProfileCatalog
{
    // Typical UTC start of the working day per office (Ashburn, San Jose, London, Frankfurt, Dublin).
    private static readonly int[] OfficeStartUtc = [13, 16, 8, 7, 8];
    private static readonly int[] OfficeIspOctet = [73, 76, 81, 84, 87];
    private static readonly int[] ForeignOctet = [5, 175, 177, 102, 113, 2, 79];

    public ProfileCatalog(SyntheticOptions o, SplitMix64 rng)
    {
        Servers = [.. Enumerable.Range(0, o.ServerCount).Select(i => Server(i, rng))];
        var humans = new List<UserProfile>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.UserCount; i++) humans.Add(Human(i, rng, names));
        Humans = [.. humans];
        string[] roles = ["backup", "deploy", "monitor", "etl", "ci", "sync", "report", "scanner", "mail", "db", "web", "batch"];
        Services = [.. Enumerable.Range(0, o.ServiceAccountCount).Select(i => ServiceAccount(i, roles[i % roles.Length], rng))];

        Destinations = [.. Enumerable.Range(0, 240).Select(i => Popular(i, rng))];
        RareDestinations = [.. Enumerable.Range(0, 64).Select(i => Rare(i, rng))];
        ForeignSources = [.. Enumerable.Range(0, 128).Select(i => Foreign(i, rng))];

        // Active humans per UTC hour of the week (Sunday 00:00 = 0), so the event rate follows working hours.
        ActiveByHourOfWeek = new UserProfile[168][];
        for (var h = 0; h < 168; h++)
        {
            var day = (DayOfWeek)(h / 24);
            var weekend = day is DayOfWeek.Saturday or DayOfWeek.Sunday;
            ActiveByHourOfWeek[h] = [.. Humans.Where(u => u.WorksAtHour(h % 24) && (u.WorksWeekends || !weekend))];
        }
    }

    public UserProfile[] Humans { get; }
    public UserProfile[] Services { get; }
    public HostProfile[] Servers { get; }
    public ExternalAddress[] Destinations { get; }
    public ExternalAddress[] RareDestinations { get; }
    public ExternalAddress[] ForeignSources { get; }
    public UserProfile[][] ActiveByHourOfWeek { get; }

    public static int HourOfWeek(long ms)
    {
        var hours = Math.Floor(ms / 3_600_000.0);
        // 1970-01-01 was a Thursday: hour 0 of the epoch is hour 4 × 24 of the week.
        return (int)(((long)hours + 4 * 24) % 168 + 168) % 168;
    }

    private static HostProfile Server(int i, SplitMix64 rng)
    {
        var os = rng.Pick(Vocabulary.ServerOs);
        string[] roles = ["web", "app", "db", "file", "dc", "mail", "build", "cache"];
        var name = roles[i % roles.Length] + (i / roles.Length + 1).ToString("00", CultureInfo.InvariantCulture);
        return new HostProfile
        {
            Hostname = name + ".corp.example",
            Uid = "i-0" + rng.NextHex(16),
            Ip = string.Create(CultureInfo.InvariantCulture, $"10.0.{1 + i % 4}.{10 + i}"),
            Mac = Mac(rng),
            Os = os,
            IsServer = true,
            Place = Vocabulary.OfficePlaces[0],
            Subnet = string.Create(CultureInfo.InvariantCulture, $"subnet-0{rng.NextHex(8)}"),
            AgentVersion = "7.3." + rng.Between(0, 9).ToString(CultureInfo.InvariantCulture),
            Programs = Subset(os.TypeId == 100 ? Vocabulary.WindowsPrograms : Vocabulary.UnixPrograms, 6, rng),
        };
    }

    private static UserProfile Human(int i, SplitMix64 rng, HashSet<string> names)
    {
        string name;
        var k = 0;
        do name = rng.Pick(Vocabulary.FirstNames)[0] + rng.Pick(Vocabulary.LastNames) + (k++ == 0 ? "" : k.ToString(CultureInfo.InvariantCulture));
        while (!names.Add(name));
        var office = rng.Chance(0.5) ? 0 : rng.Between(1, Vocabulary.OfficePlaces.Length - 1);
        var place = Vocabulary.OfficePlaces[office];
        var os = rng.PickSkewed(Vocabulary.WorkstationOs, 1.5);
        var ws = new HostProfile
        {
            Hostname = (os.TypeId == 100 ? "WS-" : "mbp-") + name + ".corp.example",
            Uid = rng.NextUid(),
            Ip = string.Create(CultureInfo.InvariantCulture, $"10.{20 + office}.{i / 200}.{10 + i % 200}"),
            Mac = Mac(rng),
            Os = os,
            IsServer = false,
            Place = place,
            Subnet = string.Create(CultureInfo.InvariantCulture, $"10.{20 + office}.0.0/16"),
            AgentVersion = "7.3." + rng.Between(0, 9).ToString(CultureInfo.InvariantCulture),
            Programs = Subset(os.TypeId == 100 ? Vocabulary.WindowsPrograms : Vocabulary.UnixPrograms, 7, rng),
        };
        var agents = Enumerable.Range(0, rng.Between(1, 2)).Select(_ => rng.PickSkewed(Vocabulary.NormalUserAgents, 1.5)).Distinct().ToArray();
        var services = Enumerable.Range(0, rng.Between(2, 4)).Select(_ => (int)rng.NextInt64(Vocabulary.ApiServices.Length)).Distinct().ToArray();
        return new UserProfile
        {
            Name = name,
            Uid = "S-1-5-21-3623811015-3361044348-30300820-" + (1100 + i).ToString(CultureInfo.InvariantCulture),
            Email = name + "@corp.example",
            Department = rng.Pick(Vocabulary.Departments),
            Title = rng.Pick(Vocabulary.Titles),
            IsService = false,
            MfaEnabled = rng.Chance(0.85),
            Place = place,
            WorkStartHour = (OfficeStartUtc[office] + rng.Between(-1, 1) + 24) % 24,
            WorkHours = rng.Between(8, 10),
            WorksWeekends = rng.Chance(0.1),
            Workstation = ws,
            RemoteIps = [.. Enumerable.Range(0, 2).Select(_ => string.Create(CultureInfo.InvariantCulture,
                $"{OfficeIspOctet[office]}.{rng.Between(1, 254)}.{rng.Between(0, 255)}.{rng.Between(1, 254)}"))],
            UserAgents = agents,
            ApiServices = services,
            AccessKey = "AKIA" + rng.NextHex(16).ToUpperInvariant(),
        };
    }

    private UserProfile ServiceAccount(int i, string role, SplitMix64 rng)
    {
        var server = Servers[i % Servers.Length];
        return new UserProfile
        {
            Name = "svc-" + role + (i >= 12 ? (i / 12).ToString(CultureInfo.InvariantCulture) : ""),
            Uid = "S-1-5-21-3623811015-3361044348-30300820-" + (500 + i).ToString(CultureInfo.InvariantCulture),
            Email = "svc-" + role + "@corp.example",
            Department = "it",
            Title = "service",
            IsService = true,
            MfaEnabled = false,
            Place = server.Place,
            WorkStartHour = 0,
            WorkHours = 24,
            WorksWeekends = true,
            Workstation = server,
            RemoteIps = [server.Ip],
            UserAgents = [Vocabulary.NormalUserAgents[2 + i % 3]],
            ApiServices = [i % Vocabulary.ApiServices.Length, (i + 3) % Vocabulary.ApiServices.Length],
            AccessKey = "AKIA" + rng.NextHex(16).ToUpperInvariant(),
        };
    }

    private static ExternalAddress Popular(int i, SplitMix64 rng)
    {
        int[] first = [52, 13, 142, 140, 104, 151, 34, 20, 172, 35];
        var o1 = first[i % first.Length];
        // 172 is only public outside 172.16/12.
        var o2 = o1 == 172 ? rng.Between(64, 127) : rng.Between(0, 255);
        var ip = string.Create(CultureInfo.InvariantCulture, $"{o1}.{o2}.{rng.Between(0, 255)}.{rng.Between(1, 254)}");
        var domain = Vocabulary.PopularDomains[i % Vocabulary.PopularDomains.Length];
        return new ExternalAddress(ip, domain, Vocabulary.OfficePlaces[i % 2], 16509 + i % 7, i % 2 == 0 ? "AMAZON-02" : "GOOGLE");
    }

    private static ExternalAddress Rare(int i, SplitMix64 rng)
    {
        int[] first = [185, 45, 91, 194];
        var ip = string.Create(CultureInfo.InvariantCulture, $"{first[i % 4]}.{rng.Between(0, 255)}.{rng.Between(0, 255)}.{rng.Between(1, 254)}");
        var place = Vocabulary.ForeignPlaces[i % Vocabulary.ForeignPlaces.Length];
        return new ExternalAddress(ip, "h" + rng.NextHex(6) + ".vps.example", place, 200000 + i, "VPS-HOSTING-" + (i % 5).ToString(CultureInfo.InvariantCulture));
    }

    private static ExternalAddress Foreign(int i, SplitMix64 rng)
    {
        var p = i % Vocabulary.ForeignPlaces.Length;
        var ip = string.Create(CultureInfo.InvariantCulture, $"{ForeignOctet[p]}.{rng.Between(0, 255)}.{rng.Between(0, 255)}.{rng.Between(1, 254)}");
        return new ExternalAddress(ip, "", Vocabulary.ForeignPlaces[p], 300000 + i, "ISP-" + Vocabulary.ForeignPlaces[p].Country);
    }

    private static ProgramInfo[] Subset(ProgramInfo[] all, int count, SplitMix64 rng)
    {
        // Always the first two (shell / system processes), then a random selection of the rest.
        var rest = all.Skip(2).OrderBy(_ => rng.NextUInt64()).Take(count - 2);
        return [.. all.Take(2), .. rest];
    }

    private static string Mac(SplitMix64 rng)
    {
        var x = rng.NextUInt64();
        return string.Create(CultureInfo.InvariantCulture,
            $"02:{(byte)x:x2}:{(byte)(x >> 8):x2}:{(byte)(x >> 16):x2}:{(byte)(x >> 24):x2}:{(byte)(x >> 32):x2}");
    }
}
