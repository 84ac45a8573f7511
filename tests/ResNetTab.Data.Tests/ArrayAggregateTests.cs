using System.Text;
using System.Text.Json;
using ResNetTab.Data.Encoders;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

/// <summary>Order-free aggregates of arrays of objects (issue 12, item 9).</summary>
public class ArrayAggregateTests
{
    private const string Event = """
        {"class_uid":4001,"observables":[{"type_id":2,"name":"src_endpoint.ip","value":"10.0.0.1"},
          {"type_id":1,"name":"device.hostname","value":"ws-1","reputation":{"score_id":3}},
          {"type_id":2,"name":"dst_endpoint.ip","value":null},"stray",{"type_id":2,"tags":[1,2],"name":"x"}]}
        """;

    private static FlatRecord FlattenDocument(string json, FlattenOptions? options = null)
    {
        using var doc = JsonDocument.Parse(json);
        return new JsonFlattener(options).Flatten(doc.RootElement);
    }

    private static FlatRecord FlattenBytes(string json, FlattenOptions? options = null)
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File("e.json");
        File.WriteAllText(path, json);
        return RecordReader.ReadFlat(path, options).Single();
    }

    [Fact]
    public void Every_object_element_adds_its_scalar_fields_to_order_free_bags()
    {
        foreach (var r in new[] { FlattenDocument(Event), FlattenBytes(Event) })
        {
            r["observables.len"].Should().Be(FieldValue.FromNumber(5));
            r["observables[0].type_id"].Should().Be(FieldValue.FromNumber(2));
            r["observables[].type_id"]!.Value.Items.Should().Equal("2", "1", "2", "2");
            r["observables[].name"]!.Value.Items.Should().Equal("src_endpoint.ip", "device.hostname", "dst_endpoint.ip", "x");
            r["observables[].value"]!.Value.Items.Should().Equal("10.0.0.1", "ws-1"); // null adds nothing
            r["observables[].reputation.score_id"]!.Value.Items.Should().Equal("3");
            r.Fields.Keys.Should().NotContain(k => k.Contains("tags", StringComparison.Ordinal) && k.Contains("[]", StringComparison.Ordinal));
        }
        var reversed = """{"observables":[{"type_id":2,"name":"x"},{"type_id":1},{"type_id":2}]}""";
        var forward = """{"observables":[{"type_id":1},{"type_id":2},{"name":"x","type_id":2}]}""";
        FlattenDocument(reversed)["observables[].type_id"]!.Value.Items.Should().BeEquivalentTo(FlattenDocument(forward)["observables[].type_id"]!.Value.Items);
        var pre = new TabularPreprocessor().Fit([FlattenDocument(reversed), FlattenDocument(forward), FlattenDocument(reversed)]);
        pre.Transform([FlattenDocument(reversed)]).Numerical.ToArray().Should().Equal(pre.Transform([FlattenDocument(forward)]).Numerical.ToArray());
        FlattenDocument(Event, new FlattenOptions { AggregateObjectArrays = false }).Fields.Keys.Should().NotContain(k => k.Contains("[]", StringComparison.Ordinal));
    }

    private static List<FlatRecord> Events(int n)
    {
        var rng = new Random(3);
        var sb = new StringBuilder();
        var records = new List<FlatRecord>();
        for (var i = 0; i < n; i++)
        {
            var obs = Enumerable.Range(0, 1 + i % 4).Select(k => new
            {
                type_id = k == 0 ? 2 : k == 1 ? 1 : 20,
                value = k == 0 ? $"10.0.{rng.Next(3)}.{rng.Next(40)}" : $"host-{rng.Next(30)}",
            });
            records.Add(FlattenDocument(JsonSerializer.Serialize(new { class_uid = 4001, activity_id = 1 + i % 2, observables = obs })));
        }
        return records;
    }

    [Fact]
    public void The_plan_encodes_small_typed_fields_as_counts_and_wide_ones_as_hashed_bags()
    {
        var pre = new TabularPreprocessor().Fit(Events(400));
        var plan = pre.Plan;
        plan["observables[].type_id"]!.Kind.Should().Be(FeatureKind.ArrayBag);
        plan["observables[].type_id"]!.Encoding.Should().Be("log1p count per value (3 values + other)");
        plan["observables[].value"]!.Encoding.Should().Be("hashed bag: log1p counts in 8 buckets");
        var caption = FlattenDocument("""{"observables":[{"type_id":1,"type":"Hostname"},{"type_id":2,"type":"IP Address"}]}""");
        var captionPlan = new TabularPreprocessor().Fit([caption, caption, Events(1)[0]]).Plan;
        captionPlan["observables[].type"]!.Encoding.Should().Be("caption of observables[].type_id (the same values as text)");
        var single = new[] { "aa", "bb", "aa" }.Select(h => FlattenDocument("""{"file":{"hashes":[{"algorithm_id":6,"value":"H"}]}}""".Replace("H", h, StringComparison.Ordinal))).ToList();
        new TabularPreprocessor().Fit(single).Plan["file.hashes[].value"]!.Encoding
            .Should().Be("the array never has more than one element: file.hashes[0].value holds the same");
        pre.NumericalNames.Should().Contain(["observables[].type_id=2", "observables[].type_id=20", "observables[].type_id=1", "observables[].type_id=other"]);
        pre.NumericalNames.Should().Contain("observables[].value#7");

        var row = FlattenDocument("""{"class_uid":4001,"observables":[{"type_id":20,"value":"a"},{"type_id":2,"value":"a"},{"type_id":20},{"type_id":99}]}""");
        var batch = pre.Transform([row, new FlatRecord()]);
        batch.GetNumerical(0, "observables[].type_id=20").Should().BeApproximately((float)Math.Log(3), 1e-6f);
        batch.GetNumerical(0, "observables[].type_id=2").Should().BeApproximately((float)Math.Log(2), 1e-6f);
        batch.GetNumerical(0, "observables[].type_id=1").Should().Be(0);
        batch.GetNumerical(0, "observables[].type_id=other").Should().BeApproximately((float)Math.Log(2), 1e-6f);
        var buckets = Enumerable.Range(0, 8).Select(b => batch.GetNumerical(0, $"observables[].value#{b}")).ToList();
        buckets.Should().ContainSingle(x => x != 0).Which.Should().BeApproximately((float)Math.Log(3), 1e-6f); // "a" twice
        buckets[(int)(StableHash.Fnv1a64("a") % 8)].Should().BeApproximately((float)Math.Log(3), 1e-6f);
        pre.NumericalNames.Where(n => n.StartsWith("observables[]", StringComparison.Ordinal)).Select(n => batch.GetNumerical(1, n))
            .Should().HaveCount(12).And.OnlyContain(x => x == 0, "an event without the array has zero counts");
        pre.DriftReport().UnseenCategories["observables[].type_id"].Should().Be(1);
    }

    [Fact]
    public void Array_aggregates_survive_save_and_load()
    {
        using var dir = new TestPaths.TempDir();
        var pre = new TabularPreprocessor().Fit(Events(200));
        pre.Save(dir.File("p.json"));
        var loaded = TabularPreprocessor.Load(dir.File("p.json"));
        var rows = Events(30);
        loaded.Transform(rows).Numerical.ToArray().Should().Equal(pre.Transform(rows).Numerical.ToArray());
        loaded.Encoders.OfType<ArrayBagEncoder>().Should().HaveCount(2);
    }

    [Fact]
    public void Observables_of_a_real_event_are_counted_by_type()
    {
        var records = TestPaths.AllSampleFiles().Where(f => !f.EndsWith(".parquet", StringComparison.Ordinal))
            .SelectMany(f => RecordReader.ReadFlat(f)).ToList();
        var pre = new TabularPreprocessor().Fit(records);
        pre.Plan["observables[].type_id"]!.Selected.Should().BeTrue();
        var offense = RecordReader.ReadFlat(TestPaths.Sample("markdown", "IBM", "QRadar_SIEM", "samples", "offense.ocsf")).ToList();
        var batch = pre.Transform(offense);
        // 9 observables: type 99 five times, 2 (IP address) three times, 21 once.
        batch.GetNumerical(0, "observables[].type_id=99").Should().BeApproximately((float)Math.Log(6), 1e-6f);
        batch.GetNumerical(0, "observables[].type_id=2").Should().BeApproximately((float)Math.Log(4), 1e-6f);
        batch.GetNumerical(0, "observables[].type_id=21").Should().BeApproximately((float)Math.Log(2), 1e-6f);
    }
}
