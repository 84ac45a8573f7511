using ResNetTab.Data;
using ResNetTab.Data.Ocsf;

namespace ResNetTab.Data.Tests;

public class FeaturePlanTests
{
    private static List<FlatRecord> AllRealSamples() =>
        TestPaths.AllSampleFiles().Where(f => !f.EndsWith(".parquet", StringComparison.Ordinal))
            .SelectMany(f => RecordReader.ReadFlat(f)).ToList();

    [Fact]
    public void Embedded_ocsf_table_knows_enums_timestamps_and_ips()
    {
        OcsfAttributeKinds.Count.Should().Be(611);
        OcsfAttributeKinds.KindOf("class_uid").Should().Be(OcsfKind.CategoricalEnum);
        OcsfAttributeKinds.KindOf("severity_id").Should().Be(OcsfKind.CategoricalEnum);
        OcsfAttributeKinds.KindOf("time").Should().Be(OcsfKind.Timestamp);
        OcsfAttributeKinds.KindOf("ip").Should().Be(OcsfKind.IpAddress);
        OcsfAttributeKinds.KindOf("port").Should().Be(OcsfKind.Port);
        OcsfAttributeKinds.KindOf("bytes").Should().Be(OcsfKind.Numeric);
        OcsfAttributeKinds.KindOf("no_such_attribute").Should().Be(OcsfKind.Unknown);
        OcsfAttributeKinds.AttributeOf("answers[0].flag_ids.len").Should().Be("flag_ids");
        OcsfAttributeKinds.AttributeOf("actor.user.name").Should().Be("name");
    }

    [Fact]
    public void Kinds_on_real_samples_follow_the_ocsf_schema()
    {
        var p = new TabularPreprocessor(new FeaturePlanOptions { MaxMissingRate = 1.0, NearUniqueMinCount = 1000 }).Fit(AllRealSamples());
        var plan = p.Plan;
        plan.Rows.Should().Be(86);
        plan["class_uid"]!.Kind.Should().Be(FeatureKind.Categorical);
        plan["class_uid"]!.KindReason.Should().Be("OCSF enum");
        plan["class_uid"]!.MissingRate.Should().Be(0);
        plan["activity_id"]!.Kind.Should().Be(FeatureKind.Categorical);
        plan["severity_id"]!.Kind.Should().Be(FeatureKind.Categorical);
        plan["status_id"]!.Kind.Should().Be(FeatureKind.Categorical);
        plan["time"]!.Kind.Should().Be(FeatureKind.Timestamp);
        plan["start_time"]!.Kind.Should().Be(FeatureKind.Timestamp);
        plan["src_endpoint.ip"]!.Kind.Should().Be(FeatureKind.IpAddress);
        plan["dst_endpoint.port"]!.Kind.Should().Be(FeatureKind.Categorical);
        plan["answers.len"]!.Kind.Should().Be(FeatureKind.Numeric);
        plan["unmapped.is_trusted_domain"]!.Kind.Should().Be(FeatureKind.Boolean);
        plan.Fields.Where(f => f.Selected).Should().OnlyContain(f => f.Kind != FeatureKind.Identifier);
        var report = plan.ToReport();
        report.Should().Contain("class_uid").And.Contain("Categorical").And.Contain("vocabulary of");
        report.Split('\n')[1].Should().MatchRegex(@"^field\s+kind\s+missing\s+card\.\s+encoding");

        var batch = p.Transform(AllRealSamples());
        batch.Rows.Should().Be(86);
        batch.Numerical.ToArray().Should().OnlyContain(x => float.IsFinite(x));
        for (var j = 0; j < batch.CategoricalColumns; j++)
            for (var r = 0; r < batch.Rows; r++)
                batch.Categorical.Span[r * batch.CategoricalColumns + j].Should().BeInRange(1, batch.Schema!.Cardinalities[j] - 1);
    }

    [Fact]
    public void Drop_rules_constant_near_unique_missing_and_globs()
    {
        var options = new FeaturePlanOptions { NearUniqueMinCount = 50, MaxMissingRate = 0.9, Exclude = ["is_*"] };
        var plan = new TabularPreprocessor(options).Fit(Synthetic.Records(200)).Plan;
        plan["metadata.version"]!.Selected.Should().BeFalse();
        plan["metadata.version"]!.Encoding.Should().Be("constant");
        plan["metadata.uid"]!.Kind.Should().Be(FeatureKind.Identifier);
        plan["metadata.uid"]!.Encoding.Should().Be("near-unique (200 distinct in 200)");
        plan["rare.field"]!.Selected.Should().BeFalse();
        plan["rare.field"]!.MissingRate.Should().BeApproximately(199 / 200.0, 1e-12);
        plan["is_mfa"]!.Encoding.Should().Be("excluded");
        plan["traffic.bytes"]!.MissingRate.Should().BeApproximately(0.2, 1e-12);
        plan["traffic.bytes"]!.Selected.Should().BeTrue();
        plan.Selected.Select(f => f.Path).Should().Equal("actor.user.name", "class_uid", "severity_id", "src_endpoint.ip", "time", "traffic.bytes");
    }

    [Fact]
    public void Include_list_and_cap_keep_the_most_present_fields()
    {
        var options = new FeaturePlanOptions { Include = ["*_id", "traffic.*", "class_uid"], MaxFeatures = 2 };
        var plan = new TabularPreprocessor(options).Fit(Synthetic.Records(100)).Plan;
        // class_uid and severity_id are always present; traffic.bytes (20% missing) falls over the cap.
        plan.Selected.Select(f => f.Path).Should().Equal("class_uid", "severity_id");
        plan["traffic.bytes"]!.Encoding.Should().Be("over the feature cap (2)");
        plan["actor.user.name"]!.Encoding.Should().Be("not included");
    }

    [Fact]
    public void Kind_overrides_win()
    {
        var options = new FeaturePlanOptions { KindOverrides = [new("severity_id", FeatureKind.Numeric)] };
        var plan = new TabularPreprocessor(options).Fit(Synthetic.Records(60)).Plan;
        plan["severity_id"]!.Kind.Should().Be(FeatureKind.Numeric);
        plan["severity_id"]!.KindReason.Should().Be("override 'severity_id'");
    }
}
