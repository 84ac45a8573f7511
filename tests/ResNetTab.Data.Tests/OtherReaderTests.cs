using System.Text;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

public class OtherReaderTests
{
    [Fact]
    public void Csv_cells_are_typed_and_bad_rows_reported_with_their_line()
    {
        var csv = "user,bytes,ok,when\nalice,120,true,\nbob,1e3,FALSE,x\ncarol,5\ndave,\"7\",true,y\n";
        var summary = new ReadSummary();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var rows = new CsvRecordReader().Read(stream, "t.csv", summary).ToList();
        rows.Should().HaveCount(3);
        rows[0]["user"].Should().Be(FieldValue.FromString("alice"));
        rows[0]["bytes"].Should().Be(FieldValue.FromNumber(120));
        rows[0]["ok"].Should().Be(FieldValue.FromBoolean(true));
        rows[0]["when"].Should().Be(FieldValue.Null);
        rows[1]["bytes"].Should().Be(FieldValue.FromNumber(1000));
        rows[1]["ok"].Should().Be(FieldValue.FromBoolean(false));
        rows[2]["bytes"].Should().Be(FieldValue.FromNumber(7));
        summary.BadRecords.Single().Location.Line.Should().Be(4);
        summary.BadRecords.Single().Message.Should().Be("expected 4 fields, found 2");
    }

    [Fact]
    public void Parquet_sample_is_read_by_the_managed_reader_and_matches_its_json_twin()
    {
        var parquet = TestPaths.Sample("markdown", "SSC", "samples", "malware_infection_detected_sample.parquet");
        var json = TestPaths.Sample("markdown", "SSC", "samples", "malware_infection_detected_sample.json");
        var summary = new ReadSummary();
        var fromParquet = new ParquetRecordReader().Read(parquet, summary).ToList();
        summary.BadRecordCount.Should().Be(0);
        fromParquet.Should().NotBeEmpty();
        var fromJson = RecordReader.ReadFlat(json).ToList();
        fromParquet.Should().HaveCount(fromJson.Count);
        for (var i = 0; i < fromJson.Count; i++)
            fromParquet[i].Fields.Should().BeEquivalentTo(fromJson[i].Fields, $"row {i + 1} of the sample flattens as its JSON twin");
    }

    [Fact]
    public void RecordReader_dispatches_by_extension()
    {
        using var dir = new TestPaths.TempDir();
        var csv = dir.File("x.csv");
        File.WriteAllText(csv, "a,b\n1,z\n");
        RecordReader.ReadFlat(csv).Single()["b"].Should().Be(FieldValue.FromString("z"));
        var jsonl = dir.File("x.jsonl");
        File.WriteAllText(jsonl, "{\"a\":{\"b\":1}}\n");
        RecordReader.ReadFlat(jsonl).Single()["a.b"].Should().Be(FieldValue.FromNumber(1));
    }
}
