using System.IO.Compression;
using System.Text;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

public class JsonRecordReaderTests
{
    private static (List<string> Roots, ReadSummary Summary) ReadText(string text, RecordReaderOptions? options = null)
    {
        var summary = new ReadSummary();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var roots = new JsonRecordReader(options).Read(stream, "mem", summary).Select(r => r.Root.GetRawText()).ToList();
        return (roots, summary);
    }

    [Fact]
    public void Every_real_json_sample_parses_in_tolerant_mode_with_expected_record_counts()
    {
        var files = TestPaths.AllSampleFiles();
        files.Should().HaveCount(82);
        var reader = new JsonRecordReader();
        var total = new ReadSummary();
        foreach (var file in files.Where(f => !f.EndsWith(".parquet", StringComparison.Ordinal)))
        {
            var summary = new ReadSummary();
            var count = reader.Read(file, summary).Count();
            summary.BadRecordCount.Should().Be(0, $"{TestPaths.Rel(file)}: {summary}");
            var expected = TestPaths.Rel(file) switch
            {
                "markdown/SSC/samples/malware_infection_detected_sample.json" => 4, // top-level array
                "markdown/Zeek/v1.3.0/rdp_log/samples/rdp_log.ocsf" => 2,           // concatenated objects
                "markdown/Zeek/v1.3.0/smtp_log/samples/smtp_log.ocsf" => 2,
                _ => 1,
            };
            count.Should().Be(expected, TestPaths.Rel(file));
            reader.Read(file, total).Count();
        }
        total.Inputs.Should().Be(81);
        total.Records.Should().Be(86);
        total.BadRecordCount.Should().Be(0);
    }

    [Theory]
    [InlineData("markdown/AWS/v1.5.0/CloudTrail/API_Activity/samples/generic_api_activity.ocsf", 27)]
    [InlineData("markdown/AWS/v1.5.0/CloudTrail/Authentication/samples/authentication.ocsf", 26)]
    [InlineData("markdown/AWS/v1.5.0/EKS_Audit_Logs/samples/eks.ocsf", 38)]
    [InlineData("markdown/Zeek/v1.3.0/dns_log/samples/dns_log.ocsf", 47)]
    public void Strict_mode_reports_the_quirky_real_files_with_their_line(string rel, int line)
    {
        var summary = new ReadSummary();
        var path = TestPaths.Sample(rel.Split('/'));
        new JsonRecordReader(new RecordReaderOptions { Tolerant = false }).Read(path, summary).Count().Should().Be(0);
        summary.BadRecordCount.Should().Be(1);
        var bad = summary.BadRecords.Single();
        bad.Location.Source.Should().Be(path);
        bad.Location.Line.Should().Be(line);
        bad.ToString().Should().StartWith($"{path}:{line}:");
    }

    [Fact]
    public void Json_lines_with_bad_records_are_reported_with_line_numbers_and_skipped()
    {
        var text = "{\"a\":1}\n{\"a\":2,}\n{\"a\": tru}\n\n[1,2]\n{\"a\":4}\nnot json\n{\"a\":5}";
        var (roots, summary) = ReadText(text, new RecordReaderOptions { Tolerant = false });
        roots.Should().Equal("{\"a\":1}", "{\"a\":4}", "{\"a\":5}");
        summary.Records.Should().Be(3);
        summary.BadRecordCount.Should().Be(4);
        summary.BadRecords.Select(b => b.Location.Line).Should().Equal(2, 3, 5, 7);
        summary.BadRecords[2].Message.Should().Contain("expected a JSON object");
        summary.BadRecords[0].Location.Index.Should().Be(1);
        summary.ToString().Should().Contain("3 record(s) read, 4 bad record(s) skipped");
    }

    [Fact]
    public void Tolerant_mode_accepts_comments_and_trailing_commas()
    {
        var (roots, summary) = ReadText("// header comment\n{\"a\":1, /* inline */ \"b\":[1,2,],}\n{\"a\":\"//not a comment\"}");
        summary.BadRecordCount.Should().Be(0);
        roots.Should().HaveCount(2);
        roots[1].Should().Contain("//not a comment");
    }

    [Fact]
    public void Top_level_array_is_read_element_by_element_and_bad_elements_are_skipped()
    {
        var (roots, summary) = ReadText("[\n  {\"a\":1},\n  {\"a\": },\n  {\"a\":3}\n]");
        roots.Should().Equal("{\"a\":1}", "{\"a\":3}");
        summary.BadRecords.Single().Location.Line.Should().Be(3);
    }

    [Fact]
    public void Truncated_record_does_not_swallow_the_next_one()
    {
        var (roots, summary) = ReadText("{\"a\":1,\"b\":{\"c\":2\n{\"a\":2}\n{\"a\":\"open string\n{\"a\":3}\n");
        roots.Should().Equal("{\"a\":2}", "{\"a\":3}");
        summary.BadRecords.Select(b => b.Location.Line).Should().Equal(1, 3);
        summary.BadRecords[0].Message.Should().Contain("not closed");
    }

    [Fact]
    public void Unclosed_record_at_end_of_input_is_reported()
    {
        var (roots, summary) = ReadText("{\"a\":1}\n{\"a\":");
        roots.Should().HaveCount(1);
        summary.BadRecords.Single().Message.Should().Contain("end of input");
    }

    [Fact]
    public void Json_lines_layout_ends_records_at_newlines()
    {
        var (roots, summary) = ReadText("{\"a\":\n1}\n{\"a\":2}\n", new RecordReaderOptions { Layout = JsonLayout.JsonLines });
        roots.Should().Equal("{\"a\":2}");
        // Line 1 is an unterminated record; line 2 ("1}") is then stray text.
        summary.BadRecords.Select(b => b.Location.Line).Should().Equal(1, 2);
        summary.BadRecords[0].Message.Should().Contain("does not end on its line");
    }

    [Fact]
    public void Oversized_record_is_reported_without_buffering_it()
    {
        var big = "{\"a\":\"" + new string('x', 10_000) + "\"}";
        var (roots, summary) = ReadText(big + "\n{\"a\":1}", new RecordReaderOptions { MaxRecordBytes = 1000 });
        roots.Should().Equal("{\"a\":1}");
        summary.BadRecords.Single().Message.Should().Contain("exceeds the limit of 1000 bytes");
    }

    [Fact]
    public void Error_column_points_into_the_line()
    {
        var (_, summary) = ReadText("{\"a\":1}\n   {\"a\": x}", new RecordReaderOptions());
        var bad = summary.BadRecords.Single();
        bad.Location.Line.Should().Be(2);
        bad.Location.Column.Should().Be(10);
    }

    [Fact]
    public void Throw_policy_raises_with_location()
    {
        var act = () => ReadText("{\"a\":1}\n{oops}", new RecordReaderOptions { OnBadRecord = BadRecordPolicy.Throw });
        act.Should().Throw<RecordFormatException>().Which.Record.Location.Line.Should().Be(2);
    }

    [Fact]
    public void Bad_record_callback_sees_every_bad_record_and_summary_caps_kept_list()
    {
        var seen = new List<BadRecord>();
        var summary = new ReadSummary(maxKept: 2);
        var text = string.Join('\n', Enumerable.Range(0, 5).Select(_ => "{bad}"));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        new JsonRecordReader(new RecordReaderOptions { BadRecordCallback = seen.Add }).Read(stream, "mem", summary).Count();
        seen.Should().HaveCount(5);
        summary.BadRecordCount.Should().Be(5);
        summary.BadRecords.Should().HaveCount(2);
    }

    [Fact]
    public void Utf8_bom_is_ignored()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"a\":1}")).ToArray();
        using var stream = new MemoryStream(bytes);
        var summary = new ReadSummary();
        new JsonRecordReader().Read(stream, "mem", summary).Count().Should().Be(1);
        summary.BadRecordCount.Should().Be(0);
    }

    [Fact]
    public async Task Gzip_is_detected_by_extension_and_by_magic_bytes_sync_and_async()
    {
        using var dir = new TestPaths.TempDir();
        var text = "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n";
        var gz = dir.File("events.jsonl.gz");
        var noExt = dir.File("events.bin");
        foreach (var p in new[] { gz, noExt })
        {
            await using var fs = File.Create(p);
            await using var z = new GZipStream(fs, CompressionLevel.Fastest);
            await z.WriteAsync(Encoding.UTF8.GetBytes(text));
        }
        var reader = new JsonRecordReader();
        reader.Read(gz).Select(r => r.Root.GetProperty("a").GetInt32()).Should().Equal(1, 2, 3);
        reader.Read(noExt).Select(r => r.Root.GetProperty("a").GetInt32()).Should().Equal(1, 2, 3);

        var asyncValues = new List<int>();
        await foreach (var r in reader.ReadAsync(noExt)) asyncValues.Add(r.Root.GetProperty("a").GetInt32());
        asyncValues.Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Non_seekable_gzip_stream_is_detected()
    {
        var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) z.Write(Encoding.UTF8.GetBytes("{\"a\":7}"));
        using var pipe = new NonSeekable(new MemoryStream(ms.ToArray()));
        // Root is only valid while the record is current, so read it inside the enumeration.
        new JsonRecordReader().Read(pipe, "pipe").Select(r => r.Root.GetProperty("a").GetInt32()).Should().Equal(7);
    }

    [Fact]
    public void Records_are_split_across_chunk_boundaries()
    {
        // Large enough to cross several 64 KiB chunks.
        var sb = new StringBuilder();
        for (var i = 0; i < 3000; i++) sb.Append("{\"i\":").Append(i).Append(",\"pad\":\"").Append(new string('p', 50)).Append("\"}\n");
        var (roots, summary) = ReadText(sb.ToString());
        roots.Should().HaveCount(3000);
        summary.BadRecordCount.Should().Be(0);
    }

    [Fact]
    public void Missing_file_gives_a_clear_error()
    {
        var act = () => new JsonRecordReader().Read("/nonexistent/x.jsonl").Count();
        act.Should().Throw<FileNotFoundException>().WithMessage("*/nonexistent/x.jsonl*");
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
