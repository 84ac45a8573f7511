using System.Text;
using ResNetTab.Engine.Serialization;
using ResNetTab.Engine.Tensors;
using static TorchSharp.torch;

namespace ResNetTab.Engine.Tests.Serialization;

/// <summary>
/// The header planner and parser work in 64-bit offsets: files beyond 2 GiB are planned and parsed
/// here from dtypes and shapes alone, without allocating the data.
/// </summary>
public class SafetensorsLayoutTests
{
    [Fact]
    public void Offsets_beyond_2_GiB_are_planned_and_parsed_exactly()
    {
        const long rows = 1 << 20; // 1 Mi rows × 1024 float32 = 4 GiB per tensor
        var plan = SafetensorsLayout.Plan(
        [
            ("layer.a", ScalarType.Float32, [rows, 1024]),
            ("layer.b", ScalarType.Float32, [rows, 1024]),
            ("layer.c", ScalarType.Float32, [3]),
            ("steps", ScalarType.Int64, [rows, 512]),
        ], null);
        const long fourGiB = 4L << 30;
        plan.Entries.Select(e => e.Name).Should().Equal("steps", "layer.a", "layer.b", "layer.c");
        plan.Entries.Select(e => (e.Begin, e.End)).Should().Equal(
            (0L, fourGiB), (fourGiB, 2 * fourGiB), (2 * fourGiB, 3 * fourGiB), (3 * fourGiB, 3 * fourGiB + 12));
        plan.DataLength.Should().Be(3 * fourGiB + 12);
        plan.FileLength.Should().Be(8 + plan.Header.Length + plan.DataLength);
        plan.Header.Length.Should().BeGreaterThan(0).And.Match(n => n % 8 == 0);
        var text = Encoding.UTF8.GetString(plan.Header);
        text.Should().Contain("\"layer.b\":{\"dtype\":\"F32\",\"shape\":[1048576,1024],\"data_offsets\":[8589934592,12884901888]}");

        var parsed = SafetensorsHeader.Parse("big.safetensors", plan.Header, plan.DataLength);
        parsed.Entries.Should().HaveCount(4);
        foreach (var (p, q) in parsed.Entries.Zip(plan.Entries))
        {
            p.Name.Should().Be(q.Name);
            p.DType.Should().Be(q.DType);
            p.Shape.Should().Equal(q.Shape);
            (p.Begin, p.End).Should().Be((q.Begin, q.End));
        }

        var truncated = FluentActions.Invoking(() => SafetensorsHeader.Parse("big.safetensors", plan.Header, plan.DataLength - 1))
            .Should().Throw<InvalidDataException>().Which;
        truncated.Message.Should().Contain("truncated").And.Contain("'layer.c'").And.Contain("[12884901888, 12884901900)");
    }

    [Fact]
    public void Sizes_beyond_64_bits_are_rejected_when_planning()
    {
        FluentActions.Invoking(() => SafetensorsLayout.Plan([("huge", ScalarType.Float64, [1L << 31, 1L << 31, 4])], null))
            .Should().Throw<ArgumentException>().WithMessage("*'huge'*2^63 bytes*");
        FluentActions.Invoking(() => SafetensorsLayout.Plan(
            [("a", ScalarType.Int64, [1L << 59]), ("b", ScalarType.Int64, [1L << 59])], null))
            .Should().Throw<ArgumentException>().WithMessage("*2^63 bytes*");
    }

    [Fact]
    public void Tensors_are_ordered_by_descending_alignment_then_by_utf8_name()
    {
        var plan = SafetensorsLayout.Plan(
        [
            ("z", ScalarType.Bool, [1]), ("b", ScalarType.Float16, [1]), ("a", ScalarType.BFloat16, [1]),
            ("\uE000", ScalarType.Int8, [1]), ("\U0001F600", ScalarType.Int8, [1]), ("y", ScalarType.Int32, [1]),
            ("x", ScalarType.Float64, [1]), ("w", ScalarType.Int64, [1]), ("v", ScalarType.Float32, [1]),
            ("u", ScalarType.Byte, [1]), ("t", ScalarType.Int16, [1]),
        ], null);
        // UTF-8 order puts U+E000 (EE 80 80) before U+1F600 (F0 9F 98 80), unlike UTF-16 order.
        plan.Entries.Select(e => e.Name).Should().Equal("w", "x", "v", "y", "a", "b", "t", "\uE000", "\U0001F600", "u", "z");
    }

    [Fact]
    public void Names_and_metadata_are_escaped_as_json()
    {
        var plan = SafetensorsLayout.Plan([("q\"\\\n\u0001é", ScalarType.Float32, [])],
            new Dictionary<string, string> { ["k\t"] = "v/\u007f" });
        var text = Encoding.UTF8.GetString(plan.Header).TrimEnd(' ');
        text.Should().Be("{\"__metadata__\":{\"k\\t\":\"v/\u007f\"},\"q\\\"\\\\\\n\\u0001é\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}");
        var parsed = SafetensorsHeader.Parse("x", plan.Header, 4);
        parsed.Entries.Single().Name.Should().Be("q\"\\\n\u0001é");
        parsed.Metadata!["k\t"].Should().Be("v/\u007f");
    }
}
