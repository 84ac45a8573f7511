using System.Text.Json;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

public class FlattenerTests
{
    private static FlatRecord FlattenSample(params string[] rel) =>
        RecordReader.ReadFlat(TestPaths.Sample(rel)).First();

    [Fact]
    public void Cisco_asa_sample_flattens_to_exact_dotted_paths()
    {
        var r = FlattenSample("markdown", "Cisco", "v1.3.0", "ASA", "302013", "samples", "cisco_asa_302013.ocsf");
        r.Fields.Keys.Order(StringComparer.Ordinal).Should().Equal(new[]
        {
            "activity_id", "activity_name", "category_name", "category_uid", "class_name", "class_uid",
            "connection_info.boundary", "connection_info.boundary_id", "connection_info.direction", "connection_info.direction_id",
            "connection_info.protocol_name", "connection_info.uid",
            "dst_endpoint.interface_name", "dst_endpoint.ip", "dst_endpoint.port",
            "metadata.event_code", "metadata.original_time", "metadata.product.name", "metadata.product.vendor_name",
            "metadata.product.version", "metadata.version",
            "raw_data", "severity", "severity_id",
            "src_endpoint.interface_name", "src_endpoint.ip", "src_endpoint.port",
            "status", "status_id", "time", "type_name", "type_uid", "unmapped.pid", "unmapped.program",
        }.Order(StringComparer.Ordinal));
        r["src_endpoint.ip"].Should().Be(FieldValue.FromString("100.66.205.104"));
        r["dst_endpoint.port"].Should().Be(FieldValue.FromNumber(1772));
        r["time"].Should().Be(FieldValue.FromNumber(1539174896000));
        r["metadata.product.vendor_name"].Should().Be(FieldValue.FromString("Cisco"));
        r.Location!.Value.Line.Should().Be(1);
    }

    [Fact]
    public void Zeek_dns_arrays_follow_the_array_rules()
    {
        var r = FlattenSample("markdown", "Zeek", "v1.3.0", "dns_log", "samples", "dns_log.ocsf");
        r["answers.len"].Should().Be(FieldValue.FromNumber(2));
        r["answers[0].rdata"].Should().Be(FieldValue.FromString("s3-1-w.amazonaws.com"));
        r["answers[0].ttl"].Should().Be(FieldValue.FromNumber(300));
        r["answers[0].flag_ids.len"].Should().Be(FieldValue.FromNumber(1));
        r["answers[0].flag_ids[0]"].Should().Be(FieldValue.FromNumber(3));
        r["answers[0].flag_ids.set"].Should().Be(FieldValue.FromString(JsonFlattener.SetHash(["3"])));
        r["metadata.loggers.len"].Should().Be(FieldValue.FromNumber(1));
        r["metadata.loggers[0].name"].Should().Be(FieldValue.FromString("sensor"));
        r["unmapped.is_trusted_domain"].Should().Be(FieldValue.FromBoolean(false));
        r["response_time"].Should().Be(FieldValue.FromNumber(0.004117012023925781));
        r.Fields.Keys.Should().NotContain(k => k.StartsWith("answers[1]", StringComparison.Ordinal));
    }

    [Fact]
    public void Scalar_arrays_keep_first_k_and_an_order_insensitive_set_hash()
    {
        var f = new JsonFlattener(new FlattenOptions { ArrayFirstK = 2 });
        using var a = JsonDocument.Parse("{\"tags\":[\"b\",\"a\",\"b\",null],\"empty\":[],\"nested\":[[1],[2]],\"n\":null,\"o\":{}}");
        using var b = JsonDocument.Parse("{\"tags\":[\"a\",\"b\",null]}");
        var ra = f.Flatten(a.RootElement);
        var rb = f.Flatten(b.RootElement);
        ra["tags.len"].Should().Be(FieldValue.FromNumber(4));
        ra["tags[0]"].Should().Be(FieldValue.FromString("b"));
        ra["tags[1]"].Should().Be(FieldValue.FromString("a"));
        ra["tags.set"].Should().Be(rb["tags.set"]);
        ra["tags.set"]!.Value.Text.Should().MatchRegex("^[0-9a-f]{16}$");
        ra["empty.len"].Should().Be(FieldValue.FromNumber(0));
        ra.Fields.Keys.Should().NotContain("empty[0]");
        ra["nested.len"].Should().Be(FieldValue.FromNumber(2));
        ra.Fields.Keys.Where(k => k.StartsWith("nested", StringComparison.Ordinal)).Should().Equal("nested.len");
        ra["n"].Should().Be(FieldValue.Null);
        ra.Fields.Keys.Should().NotContain(k => k.StartsWith('o'));
    }

    [Fact]
    public void Depth_limit_keeps_deep_objects_as_raw_json_text()
    {
        var f = new JsonFlattener(new FlattenOptions { MaxDepth = 2 });
        using var d = JsonDocument.Parse("{\"a\":{\"b\":{\"c\":1}}}");
        f.Flatten(d.RootElement)["a.b"].Should().Be(FieldValue.FromString("{\"c\":1}"));
    }

    [Fact]
    public void Non_object_root_is_rejected()
    {
        using var d = JsonDocument.Parse("[1]");
        var act = () => new JsonFlattener().Flatten(d.RootElement);
        act.Should().Throw<ArgumentException>().WithMessage("*Expected a JSON object*");
    }

    [Fact]
    public void Category_text_of_numbers_is_canonical()
    {
        FieldValue.FromNumber(3002).ToCategory().Should().Be("3002");
        FieldValue.FromNumber(0.5).ToCategory().Should().Be("0.5");
        FieldValue.FromBoolean(true).ToCategory().Should().Be("true");
        FieldValue.Null.ToCategory().Should().BeNull();
    }
}
