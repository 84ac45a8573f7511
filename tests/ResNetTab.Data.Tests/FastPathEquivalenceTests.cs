using ResNetTab.Data;
using ResNetTab.Synthetic;

namespace ResNetTab.Data.Tests;

/// <summary>
/// The streaming paths (flattening straight from bytes, parallel TransformFile) must give exactly what the
/// document path (JsonRecordReader + JsonFlattener, sequential Transform) gives.
/// </summary>
public class FastPathEquivalenceTests
{
    private const string Tricky = """
        {"a":{"b":{"c":{"d":{"e":1}}}},"arr":[3,1,"x",null,true,{"o":1},[1]],"objs":[{"k":"v","n":[1,2]},{"k":"w"}],"nested":[[1,2],[3]],"empty":[],"eo":{},"n":null}
        {"esc\"aped":"q\u00e9\n","dup":1,"dup":2,"big":12345678901234567890,"neg":-0.5,"sci":1e300,"t":false,"deep":{"x":[{"y":[{"z":1}]}]}}
        // a comment line
        {"trailing":[1,2,],"after":{"v":"ok"},}
        {"mixed":[{"a":1},2,"s"],"scal_then_obj":[1,{"a":2},[3],4]}
        [1,2]
        {"broken": tru}
        {"unicode":"日本語","path with space":{"inner key":"v"}}
        """;

    public static TheoryData<int, int, bool, bool> FlattenRules => new()
    {
        { 12, 1, true, true },
        { 3, 3, true, true },
        { 2, 0, false, false },
        { 1, 2, true, false },
    };

    [Theory]
    [MemberData(nameof(FlattenRules))]
    public void Byte_flattening_equals_document_flattening_on_tricky_records(int maxDepth, int firstK, bool sets, bool firstObject)
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File("tricky.jsonl");
        File.WriteAllText(path, Tricky);
        var rules = new FlattenOptions { MaxDepth = maxDepth, ArrayFirstK = firstK, HashScalarArraySets = sets, FlattenFirstObject = firstObject };
        AssertSame(path, rules);
    }

    [Fact]
    public void Byte_flattening_equals_document_flattening_on_every_real_sample_and_synthetic_events()
    {
        foreach (var file in TestPaths.AllSampleFiles().Where(f => !f.EndsWith(".parquet", StringComparison.Ordinal)))
            AssertSame(file, FlattenOptions.Default);
        using var dir = new TestPaths.TempDir();
        var path = dir.File("synthetic.jsonl.gz");
        new SyntheticOcsfGenerator(new SyntheticOptions { EventCount = 500, AnomalyRate = 0.05 }).WriteJsonLines(path);
        AssertSame(path, FlattenOptions.Default);
    }

    [Fact]
    public void Parallel_TransformFile_equals_sequential_Transform_whatever_the_thread_count()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File("events.jsonl");
        new SyntheticOcsfGenerator(new SyntheticOptions { Seed = 3, EventCount = 2_500, AnomalyRate = 0.05 }).WriteJsonLines(path);
        // A bad record in the middle must be skipped and reported in the right place.
        var lines = File.ReadAllLines(path).ToList();
        lines.Insert(1000, "{\"class_uid\": 4001, \"broken\": ");
        File.WriteAllLines(path, lines);

        var options = new FeaturePlanOptions { EntityKeys = ["actor.user.name", "src_endpoint.ip"] };
        var records = new JsonRecordReader().Read(path).Select(r => new JsonFlattener().Flatten(r.Root, r.Location)).ToList();
        // Fit without API Activity, so its fields are new (drift) at transform time.
        var pre = new TabularPreprocessor(options).Fit(records.Where(r => r["class_uid"]?.Number != 6003).Take(800));
        var expected = pre.Transform(records, new EntityClock());
        var drift = pre.DriftReport();
        drift.NewFields.Should().NotBeEmpty();
        pre.ResetDrift();

        foreach (var threads in new[] { 1, 2, 3 })
        {
            var summary = new ReadSummary();
            var batches = pre.TransformFile(path, batchSize: 333, summary: summary, parallelism: threads).ToList();
            summary.BadRecordCount.Should().Be(1);
            summary.BadRecords[0].Location.Line.Should().Be(1001);
            batches.Sum(b => b.Rows).Should().Be(records.Count);
            batches.SelectMany(b => b.Numerical.ToArray()).Should().Equal(expected.Numerical.ToArray());
            batches.SelectMany(b => b.Categorical.ToArray()).Should().Equal(expected.Categorical.ToArray());
            batches.SelectMany(b => b.Locations!).Should().Equal(expected.Locations);
            var d = pre.DriftReport();
            d.Rows.Should().Be(records.Count);
            d.NewFields.Should().BeEquivalentTo(drift.NewFields);
            d.UnseenCategories.Should().BeEquivalentTo(drift.UnseenCategories);
            d.WrongTypes.Should().BeEquivalentTo(drift.WrongTypes);
            pre.ResetDrift();
        }
    }

    private static void AssertSame(string path, FlattenOptions rules)
    {
        var slowSummary = new ReadSummary();
        var fastSummary = new ReadSummary();
        var flattener = new JsonFlattener(rules);
        var slow = new JsonRecordReader().Read(path, slowSummary).Select(r => flattener.Flatten(r.Root, r.Location)).ToList();
        var fast = RecordReader.ReadFlat(path, rules, summary: fastSummary).ToList();
        fast.Should().HaveCount(slow.Count, path);
        fastSummary.BadRecordCount.Should().Be(slowSummary.BadRecordCount, path);
        fastSummary.BadRecords.Select(b => b.ToString()).Should().Equal(slowSummary.BadRecords.Select(b => b.ToString()), path);
        for (var i = 0; i < slow.Count; i++)
        {
            fast[i].Location.Should().Be(slow[i].Location);
            fast[i].Fields.Should().BeEquivalentTo(slow[i].Fields, $"{path} record {i}");
        }
    }
}
