using ResNetTab.Data;
using ResNetTab.Synthetic;

namespace ResNetTab.Data.Tests;

public class SyntheticGeneratorTests(SyntheticGeneratorFixture data) : IClassFixture<SyntheticGeneratorFixture>
{
    private static readonly SyntheticOptions Small = new() { Seed = 11, EventCount = 3_000, AnomalyRate = 0.03 };

    [Fact]
    public void Same_seed_and_options_give_byte_identical_files()
    {
        using var dir = new TestPaths.TempDir();
        new SyntheticOcsfGenerator(Small).WriteJsonLines(dir.File("a.jsonl"), dir.File("a.csv"));
        new SyntheticOcsfGenerator(Small).WriteJsonLines(dir.File("b.jsonl"), dir.File("b.csv"));
        new SyntheticOcsfGenerator(Small).WriteJsonLines(dir.File("a.jsonl.gz"), dir.File("a.labels.jsonl"));
        new SyntheticOcsfGenerator(Small).WriteJsonLines(dir.File("b.jsonl.gz"), dir.File("b.labels.jsonl"));

        File.ReadAllBytes(dir.File("a.jsonl")).Should().Equal(File.ReadAllBytes(dir.File("b.jsonl")));
        File.ReadAllBytes(dir.File("a.csv")).Should().Equal(File.ReadAllBytes(dir.File("b.csv")));
        File.ReadAllBytes(dir.File("a.jsonl.gz")).Should().Equal(File.ReadAllBytes(dir.File("b.jsonl.gz")));
        File.ReadAllBytes(dir.File("a.labels.jsonl")).Should().Equal(File.ReadAllBytes(dir.File("b.labels.jsonl")));
        File.ReadLines(dir.File("a.jsonl")).Should().HaveCount(Small.EventCount);
    }

    [Fact]
    public void Different_seed_gives_different_events_and_enumerating_twice_gives_the_same()
    {
        var a = new SyntheticOcsfGenerator(Small);
        var first = a.Generate().Take(200).Select(e => e.Json).ToList();
        a.Generate().Take(200).Select(e => e.Json).Should().Equal(first);
        var other = new SyntheticOcsfGenerator(Small with { Seed = 12 }).Generate().Take(200).Select(e => e.Json).ToList();
        other.Should().NotEqual(first);
        other.Intersect(first).Should().BeEmpty();
    }

    [Fact]
    public void Every_required_class_appears_with_its_ocsf_classification()
    {
        var classes = data.Events.GroupBy(e => e.ClassUid).ToDictionary(g => g.Key, g => g.Count());
        classes.Keys.Should().BeEquivalentTo(new[] { 3002, 4001, 4003, 1007, 1001, 6003 });
        classes.Values.Should().OnlyContain(n => n > data.Events.Count / 20);
        for (var i = 0; i < data.Events.Count; i += 97)
        {
            var cls = (int)data.Number(i, "class_uid");
            data.Number(i, "category_uid").Should().Be(cls / 1000);
            data.Number(i, "type_uid").Should().Be(cls * 100 + data.Number(i, "activity_id"));
            data.Text(i, "metadata.version").Should().Be("1.5.0");
            data.Number(i, "time").Should().Be(data.Events[i].TimeMs);
            data.Text(i, "metadata.uid").Should().Be(data.Events[i].Uid);
        }
    }

    [Fact]
    public void Events_use_real_ocsf_field_names_and_flatten_to_over_100_fields()
    {
        data.Flat.Average(r => r.Count).Should().BeGreaterThanOrEqualTo(100);
        foreach (var g in data.Events.Select((e, i) => (e.ClassUid, data.Flat[i].Count)).GroupBy(x => x.ClassUid))
            g.Average(x => x.Count).Should().BeGreaterThanOrEqualTo(100, $"class {g.Key}");

        string[] common = ["class_uid", "category_uid", "activity_id", "type_uid", "severity_id", "status_id", "time",
            "metadata.product.name", "metadata.product.version", "actor.user.name", "actor.user.uid", "device.hostname",
            "device.ip", "device.os.name"];
        var byClass = new Dictionary<int, string[]>
        {
            [3002] = ["user.name", "src_endpoint.ip", "dst_endpoint.hostname", "auth_protocol_id", "logon_type_id", "is_mfa"],
            [4001] = ["src_endpoint.ip", "src_endpoint.port", "dst_endpoint.ip", "dst_endpoint.port", "connection_info.protocol_name",
                "traffic.bytes_in", "traffic.bytes_out", "traffic.packets"],
            [4003] = ["query.hostname", "query.type", "rcode_id", "answers.len", "src_endpoint.ip", "dst_endpoint.port"],
            [1007] = ["process.name", "process.pid", "process.cmd_line", "process.file.path", "process.parent_process.name"],
            [1001] = ["file.path", "file.name", "file.size", "actor.process.name"],
            [6003] = ["api.operation", "api.service.name", "http_request.user_agent", "src_endpoint.ip", "resources.len"],
        };
        foreach (var (cls, fields) in byClass)
        {
            var i = data.Events.FindIndex(e => e.ClassUid == cls);
            foreach (var f in common.Concat(fields)) data.Flat[i].Fields.Should().ContainKey(f, $"class {cls}");
        }
    }

    [Fact]
    public void Labels_match_the_events_and_the_requested_rate()
    {
        using var dir = new TestPaths.TempDir();
        var options = SyntheticGeneratorFixture.Options;
        var summary = data.Generator.WriteJsonLines(dir.File("e.jsonl"), dir.File("labels.csv"));
        var labels = SyntheticLabel.ReadCsv(dir.File("labels.csv")).ToList();

        labels.Should().HaveCount(options.EventCount);
        labels.Select(l => l.Index).Should().Equal(Enumerable.Range(0, options.EventCount).Select(i => (long)i));
        for (var i = 0; i < labels.Count; i++)
        {
            labels[i].Uid.Should().Be(data.Events[i].Uid);
            labels[i].Anomaly.Should().Be(data.Events[i].Anomaly);
            labels[i].ClassUid.Should().Be(data.Events[i].ClassUid);
            (labels[i].Episode > 0).Should().Be(labels[i].IsAnomaly);
        }
        var rate = labels.Count(l => l.IsAnomaly) / (double)labels.Count;
        rate.Should().BeApproximately(options.AnomalyRate, 0.002);
        summary.AnomalyRate.Should().Be(rate);
        labels.Where(l => l.IsAnomaly).Select(l => l.Anomaly).Distinct().Should().BeEquivalentTo(AnomalyKinds.All);
        // Line i of the events file is event i.
        File.ReadLines(dir.File("e.jsonl")).Skip(1234).First().Should().Be(data.Events[1234].Json);
    }

    [Fact]
    public void Unusual_hour_logins_fall_well_outside_the_users_working_hours()
    {
        var logins = data.Of(AnomalyKind.UnusualHourLogin).ToList();
        logins.Should().NotBeEmpty();
        foreach (var i in logins)
        {
            var user = data.Users[data.Text(i, "user.name")!];
            user.IsService.Should().BeFalse();
            data.Number(i, "status_id").Should().Be(1);
            data.Number(i, "class_uid").Should().Be(3002);
            user.HoursOutside(DateTimeOffset.FromUnixTimeMilliseconds(data.Events[i].TimeMs).Hour).Should().BeGreaterThanOrEqualTo(3);
        }
        // Normal human logins stay inside the working window.
        foreach (var i in data.Normal.Where(i => data.Events[i].ClassUid == 3002))
        {
            var user = data.Users[data.Text(i, "user.name")!];
            user.WorksAtHour(DateTimeOffset.FromUnixTimeMilliseconds(data.Events[i].TimeMs).Hour).Should().BeTrue();
        }
    }

    [Fact]
    public void New_location_logins_come_from_an_address_and_country_the_user_never_used()
    {
        var normalSources = data.Normal.Where(i => data.Events[i].ClassUid == 3002)
            .Select(i => (data.Text(i, "user.name"), data.Text(i, "src_endpoint.ip"))).ToHashSet();
        var logins = data.Of(AnomalyKind.NewLocationLogin).ToList();
        logins.Should().NotBeEmpty();
        foreach (var i in logins)
        {
            var name = data.Text(i, "user.name")!;
            data.Number(i, "status_id").Should().Be(1);
            data.Text(i, "src_endpoint.location.country").Should().NotBe(data.Users[name].Country);
            normalSources.Should().NotContain((name, data.Text(i, "src_endpoint.ip")));
            data.Users[name].RemoteIps.Should().NotContain(data.Text(i, "src_endpoint.ip"));
        }
    }

    [Fact]
    public void Brute_force_bursts_are_consecutive_failures_for_one_user_from_one_address()
    {
        var bursts = data.Of(AnomalyKind.BruteForce).GroupBy(i => data.Events[i].Episode).ToList();
        bursts.Should().NotBeEmpty();
        foreach (var burst in bursts)
        {
            var idx = burst.ToList();
            idx.Should().HaveCountGreaterThanOrEqualTo(Math.Min(6, data.Events.Count - idx[0]));
            idx.Should().Equal(Enumerable.Range(idx[0], idx.Count), "a burst is consecutive in the stream");
            idx.Select(i => data.Text(i, "user.name")).Distinct().Should().ContainSingle();
            idx.Select(i => data.Text(i, "src_endpoint.ip")).Distinct().Should().ContainSingle();
            idx.Should().OnlyContain(i => data.Number(i, "class_uid") == 3002 && data.Number(i, "status_id") == 2);
            (data.Events[idx[^1]].TimeMs - data.Events[idx[0]].TimeMs).Should().BeLessThan(idx.Count * 3000L);
        }
        data.Normal.Count(i => data.Events[i].ClassUid == 3002 && data.Number(i, "status_id") == 2).Should().Be(0);
    }

    [Fact]
    public void Large_transfers_go_to_never_seen_destinations_and_exceed_all_normal_volumes()
    {
        var normalNet = data.Normal.Where(i => data.Events[i].ClassUid == 4001).ToList();
        var maxNormal = normalNet.Max(i => data.Number(i, "traffic.bytes_out"));
        var normalDst = normalNet.Select(i => data.Text(i, "dst_endpoint.ip")).ToHashSet();
        var transfers = data.Of(AnomalyKind.LargeTransferRareDestination).ToList();
        transfers.Should().NotBeEmpty();
        foreach (var i in transfers)
        {
            data.Number(i, "traffic.bytes_out").Should().BeGreaterThan(10 * maxNormal);
            normalDst.Should().NotContain(data.Text(i, "dst_endpoint.ip"));
            data.Text(i, "connection_info.direction").Should().Be("Outbound");
        }
    }

    [Fact]
    public void Rare_processes_never_run_in_normal_activity()
    {
        var normalNames = data.Normal.Where(i => data.Events[i].ClassUid == 1007).Select(i => data.Text(i, "process.name")).ToHashSet();
        var rare = data.Of(AnomalyKind.RareProcess).ToList();
        rare.Should().NotBeEmpty();
        foreach (var i in rare)
        {
            data.Number(i, "class_uid").Should().Be(1007);
            normalNames.Should().NotContain(data.Text(i, "process.name"));
        }
    }

    [Fact]
    public void Port_scans_are_fast_refused_sequences_over_many_ports_of_one_host()
    {
        var scans = data.Of(AnomalyKind.PortScan).GroupBy(i => data.Events[i].Episode).ToList();
        scans.Should().NotBeEmpty();
        foreach (var scan in scans)
        {
            var idx = scan.ToList();
            idx.Should().Equal(Enumerable.Range(idx[0], idx.Count));
            idx.Select(i => data.Text(i, "src_endpoint.ip")).Distinct().Should().ContainSingle();
            idx.Select(i => data.Text(i, "dst_endpoint.ip")).Distinct().Should().ContainSingle();
            idx.Select(i => data.Number(i, "dst_endpoint.port")).Distinct().Should().HaveCount(idx.Count);
            idx.Should().OnlyContain(i => data.Number(i, "status_id") == 2 && data.Number(i, "traffic.bytes_in") == 0);
            if (idx.Count == 1) continue;
            (data.Events[idx[^1]].TimeMs - data.Events[idx[0]].TimeMs).Should().BeLessThan(idx.Count * 100L);
        }
    }

    [Fact]
    public void Unusual_api_clients_are_never_used_in_normal_activity()
    {
        var normalAgents = data.Normal.Where(i => data.Events[i].ClassUid == 6003)
            .Select(i => data.Text(i, "http_request.user_agent")).ToHashSet();
        var calls = data.Of(AnomalyKind.UnusualApiClient).ToList();
        calls.Should().NotBeEmpty();
        foreach (var i in calls)
        {
            data.Number(i, "class_uid").Should().Be(6003);
            normalAgents.Should().NotContain(data.Text(i, "http_request.user_agent"));
        }
    }

    [Fact]
    public void Activity_follows_working_hours_and_weekdays()
    {
        // Human events happen only while the user works; nights and weekends are quieter.
        foreach (var i in data.Normal)
        {
            var user = data.Users[data.Events[i].Actor];
            if (user.IsService) continue;
            var t = DateTimeOffset.FromUnixTimeMilliseconds(data.Events[i].TimeMs);
            user.WorksAtHour(t.Hour).Should().BeTrue();
            if (!user.WorksWeekends) t.DayOfWeek.Should().NotBe(DayOfWeek.Sunday);
        }
        var byHour = data.Events.GroupBy(e => DateTimeOffset.FromUnixTimeMilliseconds(e.TimeMs).Hour).ToDictionary(g => g.Key, g => g.Count());
        byHour.GetValueOrDefault(14).Should().BeGreaterThan(2 * byHour.GetValueOrDefault(2));
        var days = data.Events.GroupBy(e => DateTimeOffset.FromUnixTimeMilliseconds(e.TimeMs).DayOfWeek).ToDictionary(g => g.Key, g => g.Count());
        days.Keys.Should().Contain(DayOfWeek.Sunday, "the fixture spans more than a week");
        days[DayOfWeek.Wednesday].Should().BeGreaterThan(2 * days[DayOfWeek.Sunday]);
        data.Events.Zip(data.Events.Skip(1)).Should().OnlyContain(p => p.First.TimeMs <= p.Second.TimeMs, "events are in time order");
    }

    [Fact]
    public void Generated_files_read_back_without_bad_records_and_fit_and_transform()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File("events.jsonl.gz");
        new SyntheticOcsfGenerator(Small).WriteJsonLines(path, dir.File("labels.csv"));

        var summary = new ReadSummary();
        var records = RecordReader.ReadFlat(path, summary: summary).ToList();
        summary.BadRecordCount.Should().Be(0);
        records.Should().HaveCount(Small.EventCount);

        var pre = new TabularPreprocessor(new FeaturePlanOptions { EntityKeys = ["actor.user.name"] }).Fit(records.Take(2_000));
        pre.Plan.Fields.Count(f => f.Selected).Should().BeGreaterThan(100);
        var batches = pre.TransformFile(path, batchSize: 1024).ToList();
        batches.Sum(b => b.Rows).Should().Be(Small.EventCount);
        batches.SelectMany(b => b.Numerical.ToArray()).Should().OnlyContain(x => float.IsFinite(x));
        foreach (var b in batches)
            for (var r = 0; r < b.Rows; r++)
                for (var j = 0; j < b.CategoricalColumns; j++)
                    b.Categorical.Span[r * b.CategoricalColumns + j].Should().BeInRange(1, b.Schema!.Cardinalities[j] - 1);
    }

    [Fact]
    public void Options_are_validated()
    {
        FluentActions.Invoking(() => new SyntheticOcsfGenerator(new SyntheticOptions { AnomalyRate = 0.9 })).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new SyntheticOcsfGenerator(new SyntheticOptions { AnomalyKinds = [AnomalyKind.None] })).Should().Throw<ArgumentException>();
        new SyntheticOcsfGenerator(new SyntheticOptions { EventCount = 0 }).Generate().Should().BeEmpty();
        new SyntheticOcsfGenerator(Small with { AnomalyRate = 0 }).Generate().Should().OnlyContain(e => !e.IsAnomaly);
        var only = new SyntheticOcsfGenerator(Small with { AnomalyKinds = [AnomalyKind.PortScan] }).Generate().Where(e => e.IsAnomaly).ToList();
        only.Should().NotBeEmpty().And.OnlyContain(e => e.Anomaly == AnomalyKind.PortScan);
    }
}
