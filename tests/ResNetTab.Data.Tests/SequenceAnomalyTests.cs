using ResNetTab.Data;
using ResNetTab.Synthetic;

namespace ResNetTab.Data.Tests;

/// <summary>
/// The generator's sequence-only kinds: each episode's events look like ordinary events of the estate (their values occur
/// in normal events), and only their order, pace or combination is abnormal; labels name the kind and the episode.
/// </summary>
public sealed class SequenceAnomalyTests
{
    private static readonly SyntheticOptions Options = new()
    {
        Seed = 5, EventCount = 12_000, AnomalyRate = 0.05, EventsPerDay = 2_500, NormalLoginFailureRate = 0.05,
        AnomalyKinds = AnomalyKinds.SequenceOnly,
    };

    private static readonly Lazy<(List<SyntheticEvent> Events, List<FlatRecord> Flat)> Data = new(() =>
    {
        var events = new SyntheticOcsfGenerator(Options).Generate().ToList();
        var flattener = new JsonFlattener();
        return (events, [.. events.Select(e => e.Flatten(flattener))]);
    });

    private static List<SyntheticEvent> Events => Data.Value.Events;

    private static string? Text(int i, string path) => Data.Value.Flat[i][path] is { } v ? v.ToCategory() : null;

    private static List<List<int>> Episodes(AnomalyKind kind) =>
        [.. Enumerable.Range(0, Events.Count).Where(i => Events[i].Anomaly == kind).GroupBy(i => Events[i].Episode).Select(g => g.ToList())];

    private static IEnumerable<int> Normal => Enumerable.Range(0, Events.Count).Where(i => !Events[i].IsAnomaly);

    [Fact]
    public void Every_sequence_kind_is_injected_as_labelled_consecutive_episodes()
    {
        foreach (var kind in AnomalyKinds.SequenceOnly)
        {
            var episodes = Episodes(kind);
            episodes.Should().HaveCountGreaterThanOrEqualTo(3, kind.ToLabel());
            foreach (var e in episodes.Take(episodes.Count - 1))
            {
                e.Should().Equal(Enumerable.Range(e[0], e.Count), "an episode is consecutive in the stream");
                e.Select(i => Events[i].Actor).Distinct().Should().ContainSingle("one entity acts");
                e.Select(i => Events[i].TimeMs).Should().BeInAscendingOrder();
            }
            AnomalyKinds.Parse(kind.ToLabel()).Should().Be(kind);
        }
        AnomalyKinds.All.Intersect(AnomalyKinds.SequenceOnly).Should().BeEmpty("the default kinds stay the point kinds");
    }

    [Fact]
    public void Failures_then_success_are_ordinary_failed_logins_seconds_apart_then_a_success()
    {
        var normalFailures = Normal.Where(i => Events[i].ClassUid == 3002 && Text(i, "status") == "Failure").ToList();
        normalFailures.Should().NotBeEmpty("failed logins are ordinary with NormalLoginFailureRate > 0");
        var failureDetails = normalFailures.Select(i => Text(i, "status_detail")).ToHashSet();
        foreach (var e in Episodes(AnomalyKind.FailuresThenSuccess).Where(e => e.Count >= 6))
        {
            e.Should().OnlyContain(i => Events[i].ClassUid == 3002);
            e.SkipLast(1).Should().OnlyContain(i => Text(i, "status") == "Failure" && failureDetails.Contains(Text(i, "status_detail")));
            Text(e[^1], "status").Should().Be("Success");
            e.Zip(e.Skip(1), (a, b) => Events[b].TimeMs - Events[a].TimeMs).Should().OnlyContain(g => g >= 2_000 && g <= 10_000);
        }
    }

    [Fact]
    public void Impossible_travel_is_two_logins_minutes_apart_from_two_ordinary_countries()
    {
        var loginCountries = Normal.Where(i => Events[i].ClassUid == 3002).Select(i => Text(i, "src_endpoint.location.country")).Where(c => c != null).ToHashSet();
        foreach (var e in Episodes(AnomalyKind.ImpossibleTravel).Where(e => e.Count == 2))
        {
            e.Should().OnlyContain(i => Events[i].ClassUid == 3002 && Text(i, "status") == "Success");
            var countries = e.Select(i => Text(i, "src_endpoint.location.country")).ToList();
            countries.Distinct().Should().HaveCount(2);
            countries.Should().OnlyContain(c => loginCountries.Contains(c));
            (Events[e[1]].TimeMs - Events[e[0]].TimeMs).Should().BeInRange(180_000, 720_000);
        }
    }

    [Fact]
    public void Rapid_writes_are_the_users_ordinary_write_calls_seconds_apart()
    {
        var normalCalls = Normal.Where(i => Events[i].ClassUid == 6003).Select(i => (Text(i, "api.service.name"), Text(i, "api.operation"))).ToHashSet();
        foreach (var e in Episodes(AnomalyKind.RapidWrites).Where(e => e.Count >= 4))
        {
            e.Should().OnlyContain(i => Events[i].ClassUid == 6003 && normalCalls.Contains(ValueTuple.Create(Text(i, "api.service.name"), Text(i, "api.operation"))));
            e.Should().OnlyContain(i => Text(i, "activity_name") != "Read");
            e.Zip(e.Skip(1), (a, b) => Events[b].TimeMs - Events[a].TimeMs).Should().OnlyContain(g => g >= 1_000 && g <= 4_000);
        }
    }

    [Fact]
    public void Slow_scans_are_ordinary_connections_to_one_server_each_on_another_port_a_minute_apart()
    {
        var normalServices = Normal.Where(i => Events[i].ClassUid == 4001).Select(i => (Text(i, "dst_endpoint.port"), Text(i, "app_name"), Text(i, "connection_info.protocol_name"))).ToHashSet();
        var serverNames = Normal.Where(i => Events[i].ClassUid == 4001).Select(i => (Text(i, "dst_endpoint.ip"), Text(i, "dst_endpoint.hostname"))).ToHashSet();
        foreach (var e in Episodes(AnomalyKind.SlowScan).Where(e => e.Count >= 7))
        {
            e.Should().OnlyContain(i => Events[i].ClassUid == 4001 && Text(i, "disposition") == "Allowed");
            e.Select(i => Text(i, "dst_endpoint.ip")).Distinct().Should().ContainSingle();
            e.Select(i => Text(i, "src_endpoint.ip")).Distinct().Should().ContainSingle();
            e.Select(i => Text(i, "dst_endpoint.port")).Distinct().Should().HaveCount(e.Count);
            e.Should().OnlyContain(i => normalServices.Contains(ValueTuple.Create(Text(i, "dst_endpoint.port"), Text(i, "app_name"), Text(i, "connection_info.protocol_name"))));
            e.Should().OnlyContain(i => serverNames.Contains(ValueTuple.Create(Text(i, "dst_endpoint.ip"), Text(i, "dst_endpoint.hostname"))));
            e.Zip(e.Skip(1), (a, b) => Events[b].TimeMs - Events[a].TimeMs).Should().OnlyContain(g => g >= 20_000 && g <= 90_000);
        }
    }

    [Fact]
    public void The_failure_rate_is_validated()
    {
        var act = () => new SyntheticOcsfGenerator(new SyntheticOptions { NormalLoginFailureRate = 0.7 });
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("NormalLoginFailureRate");
    }
}
