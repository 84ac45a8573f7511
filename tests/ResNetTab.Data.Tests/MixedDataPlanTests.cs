using ResNetTab.Data.Encoders;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

/// <summary>Schema-aware kinds, mixed event classes, unmapped fields and small sets (issue 12, items 8, 10, 11 and 12).</summary>
public class MixedDataPlanTests
{
    private static FlatRecord Rec(params (string Path, object? Value)[] fields)
    {
        var r = new FlatRecord();
        foreach (var (path, value) in fields)
            r.Set(path, value switch
            {
                null => FieldValue.Null,
                string s => FieldValue.FromString(s),
                bool b => FieldValue.FromBoolean(b),
                _ => FieldValue.FromNumber(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
            });
        return r;
    }

    private static readonly string[] Ips = ["10.0.0.5", "192.168.1.7", "8.8.8.8", "-", "10.0.0.5", "5.x.x.1", "172.16.0.1", "-"];

    private static List<FlatRecord> OcsfNetwork(int n) =>
        [.. Enumerable.Range(0, n).Select(i => Rec(
            ("class_uid", 4001), ("activity_id", 1 + i % 3), ("dst_endpoint.ip", Ips[i % Ips.Length]), ("dst_endpoint.port", 443 + i % 2),
            ("time", $"2024-03-0{1 + i % 5}T{10 + i % 8:00}:15:00Z"), ("start_time", 1_700_000_000_000L + i * 1000),
            ("version", i % 3 == 0 ? "1.1" : "1.0")))];

    [Fact]
    public void Ocsf_types_decide_kinds_for_fields_of_ocsf_records_even_with_dashes_masks_and_iso_dates()
    {
        var pre = new TabularPreprocessor().Fit(OcsfNetwork(40));
        var plan = pre.Plan;
        plan["dst_endpoint.ip"]!.Kind.Should().Be(FeatureKind.IpAddress);
        plan["dst_endpoint.ip"]!.KindReason.Should().Be("OCSF ip_t (some values are not addresses)");
        plan["dst_endpoint.port"]!.Kind.Should().Be(FeatureKind.Categorical);
        plan["dst_endpoint.port"]!.KindReason.Should().Be("OCSF port_t");
        plan["activity_id"]!.KindReason.Should().Be("OCSF enum");
        plan["time"]!.Kind.Should().Be(FeatureKind.Timestamp);
        plan["time"]!.KindReason.Should().Be("OCSF timestamp_t (text dates)");
        plan["start_time"]!.Kind.Should().Be(FeatureKind.Timestamp);

        var batch = pre.Transform(OcsfNetwork(8));
        // Row 1: 2024-03-02T11:15:00Z, a Saturday (6).
        batch.GetNumerical(1, "time.hour_sin").Should().BeApproximately((float)Math.Sin(2 * Math.PI * 11.25 / 24), 1e-6f);
        batch.GetNumerical(1, "time.dow_cos").Should().BeApproximately((float)Math.Cos(2 * Math.PI * 6 / 7), 1e-6f);
        batch.GetNumerical(1, "dst_endpoint.ip.is_private").Should().Be(1);
        batch.GetCategorical(3, "dst_endpoint.ip.addr").Should().Be(Reserved.Unknown); // "-"
        batch.GetCategorical(0, "dst_endpoint.ip.addr").Should().Be(batch.GetCategorical(4, "dst_endpoint.ip.addr"));
    }

    [Fact]
    public void Fields_outside_the_schema_keep_value_inference()
    {
        // The same names in records without class_uid (raw Zeek-like logs) and under unmapped.*.
        var raw = Enumerable.Range(0, 40).Select(i => Rec(
            ("ip", Ips[i % Ips.Length]), ("time", $"t{i % 4}"), ("version", 2 + i % 2),
            ("unmapped.port", $"p{i % 3}"))).ToList();
        var plan = new TabularPreprocessor(new FeaturePlanOptions { IncludeUnmapped = true }).Fit(raw).Plan;
        plan["ip"]!.Kind.Should().Be(FeatureKind.Categorical);
        plan["ip"]!.Ocsf.Should().Be(Ocsf.OcsfKind.Unknown);
        plan["time"]!.Kind.Should().Be(FeatureKind.Categorical);
        plan["version"]!.Kind.Should().Be(FeatureKind.Numeric);
        plan["unmapped.port"]!.KindReason.Should().Be("values are strings");
    }

    [Fact]
    public void Missing_rates_are_judged_within_each_class_so_a_small_class_keeps_its_fields()
    {
        var records = new List<FlatRecord>();
        records.AddRange(Enumerable.Range(0, 1000).Select(i => Rec(("ts", 1_700_000_000.0 + i), ("proto", i % 2 == 0 ? "tcp" : "udp"), ("orig_bytes", i % 97))));
        records.AddRange(Enumerable.Range(0, 6).Select(i => Rec(("class_uid", 3002), ("activity_id", 1 + i % 2),
            ("user.name", i % 2 == 0 ? "alice" : "bob"), ("status_id", 1 + i % 2))));
        var plan = new TabularPreprocessor().Fit(records).Plan;
        plan.Selected.Select(f => f.Path).Should().BeEquivalentTo("activity_id", "class_uid", "orig_bytes", "proto", "status_id", "ts", "user.name");
        var user = plan["user.name"]!;
        user.MissingRate.Should().BeApproximately(1000 / 1006.0, 1e-12);
        user.ClassMissingRate.Should().Be(0);
        user.LeastMissingClass.Should().Be("3002");
        plan["proto"]!.LeastMissingClass.Should().Be(DatasetStatistics.NoClass);

        var global = new TabularPreprocessor(new FeaturePlanOptions { ClassField = null }).Fit(records).Plan;
        global["user.name"]!.Selected.Should().BeFalse();
        global["user.name"]!.Encoding.Should().Be("missing rate 99.4 % above 99.0 %");
    }

    [Fact]
    public void Unmapped_fields_are_left_out_by_default_and_never_take_a_mapped_field_s_place_under_the_cap()
    {
        var records = Enumerable.Range(0, 200).Select(i =>
        {
            var r = Rec(("class_uid", 4001), ("activity_id", 1 + i % 3), ("severity_id", 1 + i % 2));
            if (i % 2 == 0) r.Set("dst_endpoint.port", FieldValue.FromNumber(80 + i % 3)); // 50% missing
            for (var k = 0; k < 5; k++) r.Set($"unmapped.f{k}", FieldValue.FromString($"v{i % (k + 2)}"));
            return r;
        }).ToList();
        var plan = new TabularPreprocessor(new FeaturePlanOptions { MaxFeatures = 6 }).Fit(records).Plan;
        plan.Selected.Select(f => f.Path).Should().Equal("activity_id", "dst_endpoint.port", "severity_id");
        plan["unmapped.f0"]!.Encoding.Should().StartWith("unmapped");

        var with = new TabularPreprocessor(new FeaturePlanOptions { MaxFeatures = 6, IncludeUnmapped = true }).Fit(records).Plan;
        with.Selected.Select(f => f.Path).Should().Equal("activity_id", "dst_endpoint.port", "severity_id", "unmapped.f0", "unmapped.f1", "unmapped.f2");
        with["unmapped.f3"]!.Encoding.Should().Be("over the feature cap (6)");
    }

    [Fact]
    public void Near_unique_identifiers_are_dropped_in_a_small_export()
    {
        var users = new[] { "alice", "bob", "carol", "dave", "erin" };
        var records = Enumerable.Range(0, 34).Select(i => Rec(("class_uid", 3002), ("metadata.uid", Guid.NewGuid().ToString()),
            ("actor.user.name", users[i % 5]), ("http_request.url.path", i < 3 ? "/login" : $"/item/{i}"),
            ("src_endpoint.port", 40000 + i))).ToList();
        var pre = new TabularPreprocessor().Fit(records);
        var plan = pre.Plan;
        plan["metadata.uid"]!.Kind.Should().Be(FeatureKind.Identifier);
        plan["metadata.uid"]!.Encoding.Should().Be("near-unique (34 distinct in 34; 100% of values seen fewer than 2 times)");
        plan["http_request.url.path"]!.Selected.Should().BeFalse("31 of its 34 values occur once");
        plan["src_endpoint.port"]!.Encoding.Should().Be("near-unique (34 distinct in 34; no value seen 2 times)");
        plan["actor.user.name"]!.Selected.Should().BeTrue();
        pre.Encoders.OfType<CategoricalEncoder>().Should().OnlyContain(e => e.HashBuckets > 0 || e.Vocabulary.Length > 0);
    }

    [Fact]
    public void No_selected_vocabulary_is_empty_on_the_real_samples()
    {
        var records = TestPaths.AllSampleFiles().Where(f => !f.EndsWith(".parquet", StringComparison.Ordinal))
            .SelectMany(f => RecordReader.ReadFlat(f)).ToList();
        var pre = new TabularPreprocessor().Fit(records);
        var empty = pre.Encoders.OfType<CategoricalEncoder>().Where(e => e.HashBuckets == 0 && e.Vocabulary.Length == 0).Select(e => e.Field);
        empty.Should().BeEmpty();
        pre.Plan.Selected.Should().NotContain(f => f.Path.StartsWith("unmapped.", StringComparison.Ordinal));
    }
}
