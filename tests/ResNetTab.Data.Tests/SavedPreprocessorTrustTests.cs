using System.Text.Json.Nodes;
using ResNetTab.Data.Encoders;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

/// <summary>Mixed-type fields, extreme numbers and saved files that were edited (issue 12, items 3, 4 and 13).</summary>
public class SavedPreprocessorTrustTests
{
    private static FlatRecord Row(string field, FieldValue value) => new([new(field, value)]);

    [Fact]
    public void Field_with_numbers_and_text_of_the_same_value_fits_saves_loads_and_transforms()
    {
        var rows = new[]
        {
            Row("v", FieldValue.FromNumber(1)), Row("v", FieldValue.FromNumber(1)),
            Row("v", FieldValue.FromString("1")), Row("v", FieldValue.FromString("1")),
            Row("v", FieldValue.FromString("SNMPv2")), Row("v", FieldValue.FromString("SNMPv2")),
        };
        var pre = new TabularPreprocessor().Fit(rows);
        var encoder = pre.Encoders.OfType<CategoricalEncoder>().Single();
        encoder.Vocabulary.Should().Equal("1", "SNMPv2");
        pre.Plan["v"]!.Cardinality.Should().Be(2);
        var batch = pre.Transform(rows);
        batch.Categorical.ToArray().Should().Equal(3, 3, 3, 3, 4, 4);

        using var dir = new TestPaths.TempDir();
        pre.Save(dir.File("p.json"));
        TabularPreprocessor.Load(dir.File("p.json")).Transform(rows).Categorical.ToArray().Should().Equal(batch.Categorical.ToArray());
    }

    [Fact]
    public void Column_of_only_plus_and_minus_1e308_fits_finite_quantiles_and_transforms()
    {
        // Before: the quantile between -1e308 and 1e308 was NaN and Transform threw IndexOutOfRangeException.
        var rows = new[] { -1e308, 1e308, -1e308, 1e308, -1e308, 1e308 }.Select(x => Row("x", FieldValue.FromNumber(x))).ToList();
        var pre = new TabularPreprocessor(new FeaturePlanOptions { Log1p = Log1pMode.Never }).Fit(rows);
        pre.Encoders.OfType<NumericEncoder>().Single().Quantiles.Should().Equal(-1e308, -1e308, -1e308, 1e308, 1e308, 1e308);
        var x = pre.Transform(rows).Numerical.ToArray();
        x.Should().OnlyContain(v => float.IsFinite(v));
        x[0].Should().BeLessThan(0);
        x[1].Should().BeGreaterThan(0);
        x[0].Should().Be(-x[1]);
    }

    [Fact]
    public void Numeric_column_spanning_the_double_range_fits_finite_quantiles_and_transforms()
    {
        var values = new[] { -1e308, -1e300, -5, 0, 3, 1e300, 1e308, double.MaxValue, -double.MaxValue };
        var rows = values.SelectMany(v => new[] { Row("x", FieldValue.FromNumber(v)), Row("x", FieldValue.FromNumber(v)) }).ToList();
        foreach (var scaling in new[] { NumericScaling.QuantileNormal, NumericScaling.Robust, NumericScaling.None })
        {
            var pre = new TabularPreprocessor(new FeaturePlanOptions { Scaling = scaling, Log1p = Log1pMode.Never, Clip = 0 }).Fit(rows);
            var encoder = pre.Encoders.OfType<NumericEncoder>().Single();
            if (scaling == NumericScaling.QuantileNormal) encoder.Quantiles.Should().HaveCount(18).And.OnlyContain(q => double.IsFinite(q));
            if (scaling == NumericScaling.Robust) double.IsFinite(encoder.Median).Should().BeTrue();
            var batch = pre.Transform(rows);
            batch.Numerical.ToArray().Should().OnlyContain(x => float.IsFinite(x), scaling.ToString());
            if (scaling == NumericScaling.QuantileNormal)
            {
                // Monotone: larger inputs never get smaller features.
                var x = Enumerable.Range(0, rows.Count).Select(i => batch.Numerical.Span[i]).ToArray();
                var order = rows.Select((r, i) => (r["x"]!.Value.Number, x[i])).OrderBy(t => t.Number).Select(t => t.Item2).ToArray();
                order.Should().BeInAscendingOrder();
                batch.Numerical.Span[0].Should().BeLessThan(0);
                batch.Numerical.Span[rows.Count - 1].Should().BeLessThan(0);
            }
        }
        NumericMath.Percentile([-1e308, 1e308], 50).Should().Be(0);
        NumericMath.Percentile([-1e308, 1e308], 25).Should().Be(-5e307);
    }

    [Fact]
    public void An_encoder_that_fails_names_the_field_and_the_record()
    {
        var broken = new CategoricalEncoder { Field = "proto", Vocabulary = ["tcp", "tcp"] };
        var layout = new FeatureLayout([broken], ["proto"]);
        var rows = layout.NewRows(1);
        var act = () => layout.EncodeRow(new FlatRecord([new("proto", FieldValue.FromString("udp"))], new RecordLocation("f.jsonl", 7, 1, 0, 6)), rows);
        act.Should().Throw<FeatureEncodingException>().WithMessage("Encoding field 'proto' of the record at f.jsonl:7:1*lists the category 'tcp' twice*")
            .Which.Field.Should().Be("proto");
    }

    private static (string Path, JsonNode Node) Saved(TestPaths.TempDir dir)
    {
        var rows = Synthetic.Records(300);
        var path = dir.File("p.json");
        new TabularPreprocessor(new FeaturePlanOptions { QuantileCount = 20 }).Fit(rows).Save(path);
        return (path, JsonNode.Parse(File.ReadAllText(path))!);
    }

    private static Action LoadEdited(TestPaths.TempDir dir, JsonNode node, string name)
    {
        File.WriteAllText(dir.File(name), node.ToJsonString());
        return () => TabularPreprocessor.Load(dir.File(name));
    }

    [Fact]
    public void Edited_quantile_is_refused_by_the_checksum()
    {
        using var dir = new TestPaths.TempDir();
        var (_, node) = Saved(dir);
        var numeric = node["encoders"]!.AsArray().First(e => e!["encoder"]!.GetValue<string>() == "numeric")!;
        var q = numeric["quantiles"]!.AsArray();
        q[5] = q[5]!.GetValue<double>() + 0.5;
        LoadEdited(dir, node, "edited.json").Should().Throw<InvalidDataException>()
            .WithMessage($"{dir.File("edited.json")} is damaged or was edited: its content has checksum*but the file records*");
    }

    [Fact]
    public void Reformatted_file_still_loads_and_a_removed_checksum_is_refused()
    {
        using var dir = new TestPaths.TempDir();
        var (path, node) = Saved(dir);
        // Whitespace is not content: the compact form of the same document loads.
        TabularPreprocessor.Load(path).Fingerprint.Should().Be(TabularPreprocessor.Load(path).Fingerprint);
        LoadEdited(dir, node, "compact.json").Should().NotThrow();
        node.AsObject().Remove("checksum");
        LoadEdited(dir, node, "nochecksum.json").Should().Throw<InvalidDataException>().WithMessage("*has no checksum*");
    }

    [Theory]
    [InlineData("vocabulary", "categorical", "encoder * (field '*'): \"vocabulary\" is null")]
    [InlineData("quantiles", "numeric", "encoder * (field 'traffic.bytes'): \"quantiles\" is null")]
    public void Null_encoder_list_is_a_clear_error(string member, string kind, string message)
    {
        using var dir = new TestPaths.TempDir();
        var (_, node) = Saved(dir);
        var encoder = node["encoders"]!.AsArray().First(e => e!["encoder"]!.GetValue<string>() == kind)!;
        encoder[member] = null;
        LoadEdited(dir, node, "null.json").Should().Throw<InvalidDataException>().WithMessage($"*null.json is damaged or was edited: {message}*");
    }

    [Fact]
    public void Null_top_level_list_is_a_clear_error()
    {
        using var dir = new TestPaths.TempDir();
        var (_, node) = Saved(dir);
        node["knownFields"] = null;
        LoadEdited(dir, node, "known.json").Should().Throw<InvalidDataException>().WithMessage("*\"knownFields\" is missing or null*");
        node["knownFields"] = new JsonArray();
        node["encoders"] = null;
        LoadEdited(dir, node, "enc.json").Should().Throw<InvalidDataException>().WithMessage("*\"encoders\" is missing or null*");
    }

    [Fact]
    public void Save_removes_the_temporaries_that_killed_saves_left_behind()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File("p.json");
        var stale = dir.File($".p.json.{Guid.NewGuid():N}.tmp");
        var fresh = dir.File($".p.json.{Guid.NewGuid():N}.tmp");
        var other = dir.File($".q.json.{Guid.NewGuid():N}.tmp");
        foreach (var f in new[] { stale, fresh, other }) File.WriteAllText(f, "partial");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));
        File.SetLastWriteTimeUtc(other, DateTime.UtcNow.AddHours(-1));
        new TabularPreprocessor().Fit(Synthetic.Records(50)).Save(path);
        File.Exists(stale).Should().BeFalse();
        File.Exists(fresh).Should().BeTrue("a temporary written just now may belong to a live writer");
        File.Exists(other).Should().BeTrue("temporaries of other targets are not touched");
        TabularPreprocessor.Load(path).IsFitted.Should().BeTrue();
    }
}
