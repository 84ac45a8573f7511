using System.IO.Compression;
using System.Text;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

/// <summary>Inputs that used to lose records or stop a run (issue 12, items 1, 2 and 7).</summary>
public class RecordLossTests
{
    private static (List<string> Roots, ReadSummary Summary) ReadText(string text, RecordReaderOptions? options = null) =>
        ReadBytes(Encoding.UTF8.GetBytes(text), options);

    private static (List<string> Roots, ReadSummary Summary) ReadBytes(byte[] bytes, RecordReaderOptions? options = null)
    {
        var summary = new ReadSummary();
        using var stream = new MemoryStream(bytes);
        var roots = new JsonRecordReader(options).Read(stream, "mem", summary).Select(r => r.Root.GetRawText()).ToList();
        return (roots, summary);
    }

    [Fact]
    public void Json_lines_line_cut_off_at_the_top_level_is_one_bad_record_under_layout_detection()
    {
        var (roots, summary) = ReadText("{\"a\":1}\n{\"broken\": 1\n{\"a\":2}\n{\"a\":3}\n{\"a\":4}\n");
        roots.Should().Equal("{\"a\":1}", "{\"a\":2}", "{\"a\":3}", "{\"a\":4}");
        summary.Records.Should().Be(4);
        summary.BadRecords.Should().ContainSingle().Which.Location.Line.Should().Be(2);
    }

    [Theory]
    [InlineData(JsonLayout.Auto)]
    [InlineData(JsonLayout.JsonLines)]
    public void Hundred_good_and_ten_cut_off_lines_give_100_and_10(JsonLayout layout)
    {
        var sb = new StringBuilder();
        var broken = new List<long>();
        for (long i = 0, line = 1; i < 100; i++, line++)
        {
            sb.Append("{\"i\":").Append(i).Append(",\"o\":{\"k\":\"v\"}}\n");
            if (i % 10 != 9) continue;
            line++;
            broken.Add(line);
            // Cut at different places: after a value, after a colon, inside a key, inside a nested object.
            sb.Append((i / 10 % 4) switch
            {
                0 => "{\"i\":-1",
                1 => "{\"i\":",
                2 => "{\"i",
                _ => "{\"i\":-1,\"o\":{\"k\":",
            }).Append('\n');
        }
        var (roots, summary) = ReadText(sb.ToString(), new RecordReaderOptions { Layout = layout });
        roots.Should().HaveCount(100);
        summary.BadRecordCount.Should().Be(10);
        summary.BadRecords.Select(b => b.Location.Line).Should().Equal(broken);
    }

    [Fact]
    public void Pretty_printed_records_with_an_unindented_nested_object_still_read_whole()
    {
        var text = "{\n\"a\":\n{\"b\":1},\n\"c\":[\n{\"d\":2},\n{\"d\":3}\n]\n}\n{\n\"a\":2\n}\n";
        var (roots, summary) = ReadText(text);
        summary.BadRecordCount.Should().Be(0);
        roots.Should().HaveCount(2);
        roots[0].Should().Contain("\"d\":3");
    }

    public static TheoryData<byte[], string> BadText => new()
    {
        { [.. "{\"a\":\""u8, 0xC3, 0x28, .. "\"}"u8], "invalid UTF-8" },
        { [.. "{\"a\":\"\\ud800\"}"u8], "unpaired surrogate" },
        { [.. "{\""u8, 0xFF, .. "\":1}"u8], "invalid UTF-8 name" },
    };

    [Theory]
    [MemberData(nameof(BadText))]
    public void String_that_is_not_valid_text_is_one_bad_record_with_its_line(byte[] bad, string what)
    {
        byte[] input = [.. "{\"a\":\"ok\"}\n"u8, .. bad, .. "\n{\"a\":\"after\"}\n"u8];
        var (roots, summary) = ReadBytes(input);
        roots.Should().Equal(["{\"a\":\"ok\"}", "{\"a\":\"after\"}"], what);
        var record = summary.BadRecords.Should().ContainSingle().Which;
        record.Location.Line.Should().Be(2);
        record.Message.Should().Contain("not valid text");
    }

    [Theory]
    [MemberData(nameof(BadText))]
    public void String_that_is_not_valid_text_does_not_stop_flattening_fit_or_transform_file(byte[] bad, string what)
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File("events.jsonl");
        File.WriteAllBytes(path, [.. "{\"a\":\"x\",\"n\":1}\n"u8, .. bad, .. "\n{\"a\":\"y\",\"n\":2}\n{\"a\":\"x\",\"n\":3}\n"u8]);
        var summary = new ReadSummary();
        var records = RecordReader.ReadFlat(path, summary: summary).ToList();
        records.Select(r => r["n"]!.Value.Number).Should().Equal([1, 2, 3], what);
        summary.BadRecords.Should().ContainSingle().Which.ToString().Should().StartWith($"{path}:2:");

        var pre = new TabularPreprocessor().Fit(records);
        var transformSummary = new ReadSummary();
        var rows = pre.TransformFile(path, summary: transformSummary).Sum(b => b.Rows);
        rows.Should().Be(3);
        transformSummary.BadRecords.Should().ContainSingle().Which.Location.Line.Should().Be(2);
    }

    [Fact]
    public void File_that_only_starts_like_gzip_is_a_bad_input_named_and_other_inputs_are_read()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllBytes(dir.File("a-fake.json"), [0x1F, 0x8B, .. "not gzip at all, just text\n"u8]);
        File.WriteAllText(dir.File("b-good.json"), "{\"a\":1}\n{\"a\":2}\n");
        var summary = new ReadSummary();
        var records = RecordReader.ReadFlat(dir.Path, summary: summary).ToList();
        records.Select(r => r["a"]!.Value.Number).Should().Equal(1, 2);
        summary.Inputs.Should().Be(2);
        var bad = summary.BadInputs.Should().ContainSingle().Which;
        bad.Location.Source.Should().Be(dir.File("a-fake.json"));
        bad.Message.Should().Contain("gzip");
        summary.ToString().Should().Contain("1 unreadable input(s)").And.Contain("a-fake.json");

        var pre = new TabularPreprocessor().Fit(records);
        var transformSummary = new ReadSummary();
        pre.TransformFile(dir.Path, summary: transformSummary).Sum(b => b.Rows).Should().Be(2);
        transformSummary.BadInputs.Should().ContainSingle().Which.Location.Source.Should().EndWith("a-fake.json");

        var strict = () => RecordReader.ReadFlat(dir.File("a-fake.json"), options: new RecordReaderOptions { OnBadRecord = BadRecordPolicy.Throw }).ToList();
        strict.Should().Throw<RecordFormatException>().WithMessage("*a-fake.json*gzip*");
    }

    [Fact]
    public void Fake_gzip_csv_is_a_bad_input_too()
    {
        using var dir = new TestPaths.TempDir();
        File.WriteAllBytes(dir.File("a.csv"), [0x1F, 0x8B, .. "user,n\nalice,1\n"u8]);
        File.WriteAllText(dir.File("b.csv"), "user,n\nbob,2\n");
        var summary = new ReadSummary();
        RecordReader.ReadFlat(dir.Path, summary: summary).Select(r => r["user"]!.Value.Text).Should().Equal("bob");
        summary.BadInputs.Should().ContainSingle().Which.Location.Source.Should().Be(dir.File("a.csv"));
    }

    [Fact]
    public async Task Asynchronous_reading_reports_bad_text_and_goes_on()
    {
        using var dir = new TestPaths.TempDir();
        var path = dir.File("e.jsonl");
        File.WriteAllBytes(path, [.. "{\"a\":\"\\ud800\"}\n{\"a\":\"ok\"}\n"u8]);
        var summary = new ReadSummary();
        var values = new List<string?>();
        await foreach (var r in RecordReader.ReadJsonFlatAsync(path, summary: summary)) values.Add(r["a"]!.Value.Text);
        values.Should().Equal("ok");
        summary.BadRecords.Should().ContainSingle().Which.Location.Line.Should().Be(1);
    }

    [Fact]
    public void Truncated_gzip_keeps_the_records_before_the_damage()
    {
        using var dir = new TestPaths.TempDir();
        var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            z.Write(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"{{\"i\":{i},\"pad\":\"{Guid.NewGuid()}\"}}\n"))));
        var bytes = ms.ToArray();
        bytes[bytes.Length / 2] ^= 0xFF;
        var path = dir.File("damaged.jsonl.gz");
        File.WriteAllBytes(path, bytes);
        var summary = new ReadSummary();
        var count = RecordReader.ReadFlat(path, summary: summary).Count();
        count.Should().BeInRange(1, 4999);
        summary.BadInputs.Should().ContainSingle().Which.Location.Source.Should().Be(path);
    }
}
