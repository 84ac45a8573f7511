using System.Text;
using Parquet.Schema;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

/// <summary>Headerless CSV and Parquet sets with differing schemas (issue 12, items 5 and 6).</summary>
public class CsvAndParquetInputTests
{
    private const string Headerless = "0,tcp,0\n1,udp,0\n2,tcp,5\n";

    private static (List<FlatRecord> Rows, ReadSummary Summary) ReadCsv(string text, RecordReaderOptions? options = null)
    {
        var summary = new ReadSummary();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return (new CsvRecordReader(options).Read(stream, "conn.csv", summary).ToList(), summary);
    }

    [Fact]
    public void Headerless_csv_with_duplicate_names_in_its_first_row_is_reported_not_merged()
    {
        var (rows, summary) = ReadCsv(Headerless);
        rows.Should().BeEmpty();
        var bad = summary.BadInputs.Should().ContainSingle().Which;
        bad.Location.Source.Should().Be("conn.csv");
        bad.Message.Should().Contain("names the column '0' more than once (columns 1, 3)")
            .And.Contain("may have no header").And.Contain("CsvHasHeader");
    }

    [Fact]
    public void Headerless_csv_reads_every_row_with_generated_or_given_names()
    {
        var (rows, summary) = ReadCsv(Headerless, new RecordReaderOptions { CsvHasHeader = false });
        summary.BadRecordCount.Should().Be(0);
        rows.Should().HaveCount(3);
        rows[0]["column0"].Should().Be(FieldValue.FromNumber(0));
        rows[1]["column1"].Should().Be(FieldValue.FromString("udp"));
        rows[2]["column2"].Should().Be(FieldValue.FromNumber(5));
        rows[0].Location!.Value.Line.Should().Be(1);

        (rows, _) = ReadCsv(Headerless, new RecordReaderOptions { CsvHasHeader = false, CsvColumnNames = ["id", "proto", "bytes"] });
        rows.Select(r => r["proto"]!.Value.Text).Should().Equal("tcp", "udp", "tcp");
        rows.Select(r => r["bytes"]!.Value.Number).Should().Equal(0, 0, 5);
    }

    [Fact]
    public void Given_names_replace_a_header_row()
    {
        var (rows, _) = ReadCsv("a,a\n1,2\n", new RecordReaderOptions { CsvColumnNames = ["x", "y"] });
        rows.Single()["y"].Should().Be(FieldValue.FromNumber(2));
        var dup = () => new CsvRecordReader(new RecordReaderOptions { CsvColumnNames = ["x", "x"] });
        dup.Should().Throw<ArgumentException>().WithMessage("*'x' twice*");
    }

    [Fact]
    public void Parquet_glob_over_files_with_different_columns_reads_the_union()
    {
        using var dir = new TestPaths.TempDir();
        Directory.CreateDirectory(dir.File("lake/region=eu"));
        TestParquet.Write(dir.File("lake/region=eu/part-1.parquet"),
            new ParquetSchema(new DataField<long>("class_uid"), new DataField<string>("user"), new StructField("src_endpoint", new DataField<string>("ip"))),
            [TestParquet.Row(("class_uid", 3002L), ("user", "alice"), ("src_endpoint", TestParquet.Row(("ip", "10.0.0.1"))))]);
        TestParquet.Write(dir.File("lake/region=eu/part-2.parquet"),
            new ParquetSchema(new DataField<long>("class_uid"), new StructField("src_endpoint", new DataField<string>("ip"), new DataField<int?>("port"))),
            [TestParquet.Row(("class_uid", 4001L), ("src_endpoint", TestParquet.Row(("ip", "10.0.0.2"), ("port", 443))))]);
        var summary = new ReadSummary();
        var rows = RecordReader.ReadFlat(dir.File("lake/**/*.parquet"), summary: summary).ToList();
        summary.BadInputCount.Should().Be(0);
        summary.Inputs.Should().Be(2);
        rows.Should().HaveCount(2);
        rows[0]["user"].Should().Be(FieldValue.FromString("alice"));
        rows[1]["user"].Should().BeNull();
        rows[1]["src_endpoint.port"].Should().Be(FieldValue.FromNumber(443));
        rows[1].Location!.Value.Source.Should().EndWith("part-2.parquet");
    }

    [Fact]
    public void Unreadable_parquet_file_is_a_bad_input_named_and_the_others_are_read()
    {
        using var dir = new TestPaths.TempDir();
        TestParquet.Write(dir.File("a.parquet"), new ParquetSchema(new DataField<int>("n")), [TestParquet.Row(("n", 1))]);
        File.WriteAllText(dir.File("b.parquet"), "this is not parquet");
        var summary = new ReadSummary();
        var rows = new ParquetRecordReader().Read(dir.File("*.parquet"), summary).ToList();
        rows.Single()["n"].Should().Be(FieldValue.FromNumber(1));
        var bad = summary.BadInputs.Should().ContainSingle().Which;
        bad.Location.Source.Should().Be(dir.File("b.parquet"));
        bad.Message.Should().StartWith("cannot read the Parquet file");
    }
}
