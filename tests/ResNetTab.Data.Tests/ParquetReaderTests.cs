using System.Text;
using Parquet.Schema;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

/// <summary>The managed Parquet reader: nested rows flatten exactly like their JSON twins; locations; damaged files.</summary>
public class ParquetReaderTests
{
    private static readonly ParquetSchema Schema = new(
        new DataField<long>("class_uid"),
        new DataField<string>("user"),
        new DataField<bool?>("is_mfa"),
        new DataField<double?>("score"),
        new DataField<DateTime?>("time_dt"),
        new StructField("src_endpoint",
            new DataField<string>("ip"),
            new DataField<int?>("port"),
            new StructField("location", new DataField<string>("country"))),
        new ListField("labels", new DataField<string>("element")),
        new ListField("observables", new StructField("element",
            new DataField<string>("name"),
            new DataField<long?>("type_id"),
            new StructField("reputation", new DataField<long?>("score_id")))),
        new MapField("unmapped", new DataField<string>("key", false), new DataField<string>("value")));

    private static readonly Dictionary<string, object?>[] Rows =
    [
        TestParquet.Row(("class_uid", 3002L), ("user", "alice"), ("is_mfa", true), ("score", 0.25),
            ("time_dt", new DateTime(2023, 2, 6, 20, 57, 47, DateTimeKind.Utc)),
            ("src_endpoint", TestParquet.Row(("ip", "10.0.0.1"), ("port", 443), ("location", TestParquet.Row(("country", "DE"))))),
            ("labels", TestParquet.Strings("b", "a", "b")),
            ("observables", TestParquet.Structs(
                TestParquet.Row(("name", "ip"), ("type_id", 2L), ("reputation", TestParquet.Row(("score_id", 3L)))),
                TestParquet.Row(("name", "user"), ("type_id", 4L), ("reputation", null)))),
            ("unmapped", TestParquet.Map(("region", "eu-west-1"), ("rule", "r7")))),
        TestParquet.Row(("class_uid", 4001L), ("user", null), ("is_mfa", null), ("score", null), ("time_dt", null),
            ("src_endpoint", null), ("labels", TestParquet.Strings()), ("observables", null), ("unmapped", null)),
        TestParquet.Row(("class_uid", 6003L), ("user", "bob"), ("is_mfa", false), ("score", -1.5), ("time_dt", null),
            ("src_endpoint", TestParquet.Row(("ip", null), ("port", null), ("location", null))),
            ("labels", null), ("observables", TestParquet.Structs(TestParquet.Row(("name", null), ("type_id", null), ("reputation", null)))),
            ("unmapped", TestParquet.Map())),
    ];

    // The same three events as JSON (what to_json of a Parquet engine or an OCSF producer writes).
    private const string Twins = """
        {"class_uid":3002,"user":"alice","is_mfa":true,"score":0.25,"time_dt":"2023-02-06T20:57:47.0000000Z","src_endpoint":{"ip":"10.0.0.1","port":443,"location":{"country":"DE"}},"labels":["b","a","b"],"observables":[{"name":"ip","type_id":2,"reputation":{"score_id":3}},{"name":"user","type_id":4,"reputation":null}],"unmapped":{"region":"eu-west-1","rule":"r7"}}
        {"class_uid":4001,"user":null,"is_mfa":null,"score":null,"time_dt":null,"src_endpoint":null,"labels":[],"observables":null,"unmapped":null}
        {"class_uid":6003,"user":"bob","is_mfa":false,"score":-1.5,"time_dt":null,"src_endpoint":{"ip":null,"port":null,"location":null},"labels":null,"observables":[{"name":null,"type_id":null,"reputation":null}],"unmapped":{}}
        """;

    [Theory]
    [InlineData(1_000)]
    [InlineData(1)]
    [InlineData(2)]
    public void Nested_rows_flatten_exactly_like_their_json_twins(int rowGroupSize)
    {
        using var dir = new TestPaths.TempDir();
        TestParquet.Write(dir.File("events.parquet"), Schema, Rows, rowGroupSize);
        File.WriteAllText(dir.File("events.jsonl"), Twins, Encoding.UTF8);

        var summary = new ReadSummary();
        var parquet = new ParquetRecordReader().Read(dir.File("events.parquet"), summary).ToList();
        var json = RecordReader.ReadFlat(dir.File("events.jsonl")).ToList();

        summary.BadInputCount.Should().Be(0);
        summary.Records.Should().Be(3);
        parquet.Should().HaveCount(3);
        for (var i = 0; i < 3; i++)
            parquet[i].Fields.Should().BeEquivalentTo(json[i].Fields, $"row {i + 1} flattens as its JSON twin");
        parquet[0]["observables[].name"]!.Value.Items.Should().Equal("ip", "user");
        parquet[0]["labels.len"].Should().Be(FieldValue.FromNumber(3));
        parquet[1]["labels.len"].Should().Be(FieldValue.FromNumber(0));
        parquet[1]["src_endpoint"].Should().Be(FieldValue.Null);
        parquet[2]["src_endpoint.location"].Should().Be(FieldValue.Null);
        parquet[0]["unmapped.region"].Should().Be(FieldValue.FromString("eu-west-1"));
    }

    [Fact]
    public void Locations_are_file_and_row_across_row_groups()
    {
        using var dir = new TestPaths.TempDir();
        var file = dir.File("rows.parquet");
        TestParquet.Write(file, new ParquetSchema(new DataField<int>("n")), [.. Enumerable.Range(0, 5).Select(i => TestParquet.Row(("n", i * 10)))], rowGroupSize: 2);
        var rows = new ParquetRecordReader().Read(file).ToList();
        rows.Select(r => r["n"]!.Value.Number).Should().Equal(0, 10, 20, 30, 40);
        rows.Select(r => r.Location!.Value.Line).Should().Equal(1, 2, 3, 4, 5);
        rows.Select(r => r.Location!.Value.Index).Should().Equal(0, 1, 2, 3, 4);
        rows[2].Location!.Value.ToString().Should().Be(file + ":3");
    }

    [Fact]
    public void Truncated_or_damaged_files_are_bad_inputs_named_and_the_other_files_are_read()
    {
        using var dir = new TestPaths.TempDir();
        TestParquet.Write(dir.File("a.parquet"), Schema, Rows);
        var bytes = File.ReadAllBytes(dir.File("a.parquet"));
        File.WriteAllBytes(dir.File("b.parquet"), bytes[..(bytes.Length / 2)]);
        File.WriteAllBytes(dir.File("c.parquet"), []);
        var flipped = (byte[])bytes.Clone();
        for (var i = 4; i < flipped.Length / 2; i += 7) flipped[i] ^= 0x5A; // data pages damaged, footer intact
        File.WriteAllBytes(dir.File("d.parquet"), flipped);

        var summary = new ReadSummary();
        var rows = new ParquetRecordReader().Read(dir.File("*.parquet"), summary).ToList();

        summary.Inputs.Should().Be(4);
        rows.Where(r => r.Location!.Value.Source == dir.File("a.parquet")).Should().HaveCount(3);
        summary.BadInputs.Select(b => b.Location.Source).Should().Contain([dir.File("b.parquet"), dir.File("c.parquet"), dir.File("d.parquet")]);
        summary.BadInputs.Should().OnlyContain(b => b.Message.StartsWith("cannot read", StringComparison.Ordinal));
    }

    [Fact]
    public void Throw_policy_raises_a_record_format_exception_naming_the_file()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllText(dir.File("x.parquet"), "PAR1 not really");
        var read = () => new ParquetRecordReader(new RecordReaderOptions { OnBadRecord = BadRecordPolicy.Throw }).Read(dir.File("x.parquet")).ToList();
        read.Should().Throw<RecordFormatException>().Which.Message.Should().Contain("x.parquet");
    }
}
