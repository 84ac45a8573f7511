using System.Text.Json;
using System.Text.Json.Nodes;
using ResNetTab.Data.Encoders;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

public class PreprocessorTests
{
    private static readonly FeaturePlanOptions Options = new()
    {
        NearUniqueMinCount = 50,
        EntityKeys = ["actor.user.name"],
        IpHashBuckets = 64,
        QuantileCount = 50,
    };

    private static TabularPreprocessor Fitted() => new TabularPreprocessor(Options).Fit(Synthetic.Records(300));

    [Fact]
    public void Batch_layout_has_names_shapes_and_cardinalities()
    {
        var p = Fitted();
        var batch = p.Transform(Synthetic.Records(10, seed: 2));
        batch.Schema!.CategoricalNames.Should().Equal("actor.user.name", "class_uid", "severity_id", "src_endpoint.ip.addr", "src_endpoint.ip.net");
        batch.Schema!.Cardinalities.Should().Equal(7, 6, 6, 67, 67);
        batch.Schema!.NumericalNames.Should().Equal("is_mfa", "src_endpoint.ip.is_private", "time.hour_sin", "time.hour_cos", "time.dow_sin", "time.dow_cos",
            "traffic.bytes", "traffic.bytes.is_missing", "actor.user.name.since_prev", "actor.user.name.no_prev");
        (batch.Rows, batch.NumericalColumns).Should().Be((10, 10));
        (batch.Rows, batch.CategoricalColumns).Should().Be((10, 5));
        batch.Numerical.ToArray().Should().HaveCount(100);
        batch.Categorical.ToArray().Should().HaveCount(50);
        // Row 0 of the synthetic set: class 3002, time 1_700_000_000_000 (22:13:20 UTC, Tuesday).
        batch.GetNumerical(0, "time.hour_sin").Should().BeApproximately((float)Math.Sin(2 * Math.PI * (22 + 13 / 60.0 + 20 / 3600.0) / 24), 1e-6f);
        batch.GetNumerical(0, "src_endpoint.ip.is_private").Should().Be(1);
        batch.GetNumerical(0, "traffic.bytes.is_missing").Should().Be(1); // i % 5 == 0 has no bytes
        batch.GetNumerical(0, "actor.user.name.no_prev").Should().Be(1);
        p.Encoders.OfType<NumericEncoder>().Single().Log1p.Should().BeTrue("bytes is a heavy-tailed count");
    }

    [Fact]
    public void Entity_time_since_previous_is_per_entity_and_carried_by_the_clock()
    {
        var p = Fitted();
        FlatRecord Ev(string user, long ms) => new([new("actor.user.name", FieldValue.FromString(user)), new("time", FieldValue.FromNumber(ms))]);
        const long T0 = 1_700_000_000_000;
        var rows = new[] { Ev("alice", T0), Ev("bob", T0 + 10_000), Ev("alice", T0 + 60_000), Ev("alice", T0 + 59_000) };
        var b = p.Transform(rows);
        b.GetNumerical(0, "actor.user.name.no_prev").Should().Be(1);
        b.GetNumerical(1, "actor.user.name.no_prev").Should().Be(1);
        b.GetNumerical(2, "actor.user.name.since_prev").Should().BeApproximately((float)Math.Log(1 + 60), 1e-6f);
        b.GetNumerical(3, "actor.user.name.since_prev").Should().Be(0); // out of order
        var clock = new EntityClock();
        p.Transform(rows.Take(1).ToList(), clock);
        var next = p.Transform([Ev("alice", T0 + 30_000)], clock);
        next.GetNumerical(0, "actor.user.name.since_prev").Should().BeApproximately((float)Math.Log(1 + 30), 1e-6f);
    }

    [Fact]
    public void Save_and_load_round_trip_gives_identical_output()
    {
        using var dir = new TestPaths.TempDir();
        var p = Fitted();
        var path = dir.File("model.preprocessor.json");
        p.Save(path);
        Directory.GetFiles(dir.Path).Should().Equal(path); // no temporary file left behind
        var q = TabularPreprocessor.Load(path);
        q.Fingerprint.Should().Be(p.Fingerprint).And.MatchRegex("^[0-9a-f]{64}$");
        var rows = Synthetic.Records(50, seed: 9);
        var a = p.Transform(rows);
        var b = q.Transform(rows);
        b.Numerical.ToArray().Should().Equal(a.Numerical.ToArray());
        b.Categorical.ToArray().Should().Equal(a.Categorical.ToArray());
        b.Schema!.NumericalNames.Should().Equal(a.Schema!.NumericalNames);
        b.Schema!.Cardinalities.Should().Equal(a.Schema!.Cardinalities);
        q.Plan.ToReport().Should().Be(p.Plan.ToReport());

        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["format"]!.GetValue<string>().Should().Be("resnettab.preprocessor");
        json["formatVersion"]!.GetValue<int>().Should().Be(2);
        json["checksum"]!.GetValue<string>().Should().MatchRegex("^[0-9a-f]{64}$");

        // Saving again replaces the file atomically.
        q.Save(path);
        TabularPreprocessor.Load(path).Fingerprint.Should().Be(p.Fingerprint);
    }

    [Fact]
    public void Load_refuses_other_versions_other_formats_and_edited_files()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File("p.json");
        Fitted().Save(path);
        var node = JsonNode.Parse(File.ReadAllText(path))!;

        node["formatVersion"] = 1;
        File.WriteAllText(dir.File("v1.json"), node.ToJsonString());
        var v1 = () => TabularPreprocessor.Load(dir.File("v1.json"));
        v1.Should().Throw<InvalidDataException>().WithMessage("*format version 1; this library reads version 2*");

        File.WriteAllText(dir.File("other.json"), "{\"format\":\"something.else\",\"formatVersion\":1}");
        var other = () => TabularPreprocessor.Load(dir.File("other.json"));
        other.Should().Throw<InvalidDataException>().WithMessage("*is not a ResNetTab preprocessor file*\"something.else\"*");

        File.WriteAllText(dir.File("garbage.json"), "{ not json");
        var garbage = () => TabularPreprocessor.Load(dir.File("garbage.json"));
        garbage.Should().Throw<InvalidDataException>();

        node["formatVersion"] = 2;
        var encoders = node["encoders"]!.AsArray();
        var cat = encoders.First(e => e!["encoder"]!.GetValue<string>() == "categorical")!;
        cat["vocabulary"]!.AsArray().Add("extra");
        File.WriteAllText(dir.File("edited.json"), node.ToJsonString());
        var edited = () => TabularPreprocessor.Load(dir.File("edited.json"));
        edited.Should().Throw<InvalidDataException>().WithMessage("*damaged or was edited*");
    }

    [Fact]
    public void Model_compatibility_checks_fingerprint_and_sizes()
    {
        var p = Fitted();
        p.EnsureCompatible(p.Fingerprint);
        p.EnsureCompatible(p.NumericalNames.Count, p.Cardinalities);
        var fp = () => p.EnsureCompatible(new string('0', 64));
        fp.Should().Throw<PreprocessorMismatchException>().WithMessage("*different preprocessor*");
        var sizes = () => p.EnsureCompatible(p.NumericalNames.Count, [.. p.Cardinalities.Take(4), 99]);
        sizes.Should().Throw<PreprocessorMismatchException>().WithMessage("*('src_endpoint.ip.net') has cardinality 67 here but 99 in the model*");
        var other = new TabularPreprocessor(Options with { IpHashBuckets = 32 }).Fit(Synthetic.Records(300));
        other.Fingerprint.Should().NotBe(p.Fingerprint);
    }

    [Fact]
    public void Parallel_transform_equals_sequential()
    {
        var p = Fitted();
        var batches = Enumerable.Range(0, 16).Select(i => Synthetic.Records(40, seed: 100 + i)).ToList();
        var sequential = batches.Select(b => p.Transform(b)).ToList();
        var parallel = new TabularData[batches.Count];
        Parallel.For(0, batches.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = p.Transform(batches[i]));
        for (var i = 0; i < batches.Count; i++)
        {
            parallel[i].Numerical.ToArray().Should().Equal(sequential[i].Numerical.ToArray());
            parallel[i].Categorical.ToArray().Should().Equal(sequential[i].Categorical.ToArray());
        }
        p.DriftReport().Rows.Should().Be(2 * 16 * 40);
    }

    [Fact]
    public void Fit_is_deterministic()
    {
        var a = Fitted();
        var b = Fitted();
        a.Fingerprint.Should().Be(b.Fingerprint);
        var rows = Synthetic.Records(30, seed: 5);
        b.Transform(rows).Numerical.ToArray().Should().Equal(a.Transform(rows).Numerical.ToArray());
    }

    [Fact]
    public void Drift_report_counts_new_fields_unseen_categories_and_wrong_types()
    {
        var p = Fitted();
        var rows = Synthetic.Records(20, seed: 3);
        rows[0].Set("brand.new.field", FieldValue.FromString("x"));
        rows[1].Set("brand.new.field", FieldValue.FromNumber(1));
        rows[2].Set("class_uid", FieldValue.FromNumber(9999));
        rows[3].Set("actor.user.name", FieldValue.FromString("mallory"));
        rows[4].Set("traffic.bytes", FieldValue.FromString("a lot"));
        rows[5].Set("src_endpoint.ip", FieldValue.FromString("999.1.1.1"));
        var batch = p.Transform(rows);
        batch.GetCategorical(2, "class_uid").Should().Be(Reserved.Unknown);
        batch.GetCategorical(3, "actor.user.name").Should().Be(Reserved.Unknown);
        batch.GetNumerical(4, "traffic.bytes.is_missing").Should().Be(1);
        var drift = p.DriftReport();
        drift.Rows.Should().Be(20);
        drift.NewFields.Should().Equal(new Dictionary<string, long> { ["brand.new.field"] = 2 });
        drift.UnseenCategories.Should().Equal(new Dictionary<string, long> { ["class_uid"] = 1, ["actor.user.name"] = 1 });
        drift.WrongTypes.Should().Equal(new Dictionary<string, long> { ["traffic.bytes"] = 1, ["src_endpoint.ip"] = 1 });
        drift.ToString().Should().Contain("1 new field(s)").And.Contain("brand.new.field: 2");
        p.ResetDrift();
        p.DriftReport().IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Missing_fields_encode_as_missing()
    {
        var p = Fitted();
        var b = p.Transform([new FlatRecord()]);
        b.CategoricalRow(0).ToArray().Should().OnlyContain(x => x == Reserved.Missing);
        b.GetNumerical(0, "traffic.bytes.is_missing").Should().Be(1);
        b.GetNumerical(0, "traffic.bytes").Should().Be(0);
    }

    [Fact]
    public void Transform_file_streams_batches_and_flattens_with_saved_rules()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File("events.jsonl");
        var lines = Enumerable.Range(0, 25).Select(i =>
            JsonSerializer.Serialize(new { class_uid = 4001, time = 1_700_000_000_000L + i * 1000, actor = new { user = new { name = "alice" } } }));
        File.WriteAllLines(path, lines.Append("{broken"));
        var p = Fitted();
        var summary = new ReadSummary();
        var batches = p.TransformFile(path, batchSize: 10, summary).ToList();
        batches.Select(b => b.Rows).Should().Equal(10, 10, 5);
        summary.BadRecordCount.Should().Be(1);
        summary.BadRecords[0].Location.Line.Should().Be(26);
        // The entity clock carries across batch boundaries: row 10 is 1 s after row 9.
        batches[1].GetNumerical(0, "actor.user.name.since_prev").Should().BeApproximately((float)Math.Log(2), 1e-6f);
        batches[0].Locations![3]!.Value.Line.Should().Be(4);
    }

    [Fact]
    public void Unfitted_preprocessor_says_so()
    {
        var act = () => new TabularPreprocessor().Transform([]);
        act.Should().Throw<InvalidOperationException>().WithMessage("*not fitted*");
    }
}
