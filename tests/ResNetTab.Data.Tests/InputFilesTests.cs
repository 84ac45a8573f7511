using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

/// <summary>Directories and globs as inputs (issue 12, item 7).</summary>
public class InputFilesTests
{
    private static TestPaths.TempDir Tree()
    {
        var dir = new TestPaths.TempDir();
        Directory.CreateDirectory(dir.File("zeek/2024-01-02"));
        File.WriteAllText(dir.File("zeek/conn.json"), "{\"uid\":\"c1\",\"n\":1}\n");
        File.WriteAllText(dir.File("zeek/dns.json"), "{\"uid\":\"d1\",\"n\":2}\n{\"uid\":\"d2\",\"n\":3}\n");
        File.WriteAllText(dir.File("zeek/2024-01-02/conn.json"), "{\"uid\":\"c2\",\"n\":4}\n");
        File.WriteAllText(dir.File("zeek/notes.csv"), "uid,n\nx1,5\n");
        File.WriteAllText(dir.File("zeek/.conn.json.0123456789abcdef0123456789abcdef.tmp"), "{\"hidden\":true}\n");
        return dir;
    }

    [Fact]
    public void Directory_is_read_file_by_file_in_path_order_each_by_its_extension()
    {
        using var dir = Tree();
        var summary = new ReadSummary();
        var n = RecordReader.ReadFlat(dir.File("zeek"), summary: summary).Select(r => r["n"]!.Value.Number).ToList();
        n.Should().Equal(4, 1, 2, 3, 5);
        summary.Inputs.Should().Be(4);
    }

    [Fact]
    public void Globs_match_within_a_folder_or_across_folders()
    {
        using var dir = Tree();
        InputFiles.Expand(dir.File("zeek/*.json")).Select(Path.GetFileName).Should().Equal("conn.json", "dns.json");
        InputFiles.Expand(dir.File("zeek/**/conn.json")).Should().Equal(dir.File("zeek/2024-01-02/conn.json"), dir.File("zeek/conn.json"));
        InputFiles.Expand(dir.File("zeek/*/c?nn.json")).Should().Equal(dir.File("zeek/2024-01-02/conn.json"));
        RecordReader.ReadFlat(dir.File("zeek/*.json")).Select(r => r["uid"]!.Value.Text).Should().Equal("c1", "d1", "d2");
    }

    [Fact]
    public void Nothing_to_read_is_a_clear_error_naming_the_input()
    {
        using var dir = Tree();
        var glob = () => InputFiles.Expand(dir.File("zeek/*.parquet"));
        glob.Should().Throw<FileNotFoundException>().WithMessage("No input file matches*zeek/*.parquet");
        var missing = () => RecordReader.ReadFlat(dir.File("nope.json")).ToList();
        missing.Should().Throw<FileNotFoundException>().WithMessage("Input file not found*nope.json");
        Directory.CreateDirectory(dir.File("empty"));
        var empty = () => InputFiles.Expand(dir.File("empty"));
        empty.Should().Throw<FileNotFoundException>().WithMessage("*holds no file*");
    }

    [Fact]
    public void TransformFile_takes_a_directory_and_carries_entity_times_across_files()
    {
        using var dir = new TestPaths.TempDir();
        const long T0 = 1_700_000_000_000;
        File.WriteAllText(dir.File("1.jsonl"), $"{{\"class_uid\":3002,\"time\":{T0},\"actor\":{{\"user\":{{\"name\":\"alice\"}}}}}}\n");
        File.WriteAllText(dir.File("2.jsonl"), $"{{\"class_uid\":3002,\"time\":{T0 + 9000},\"actor\":{{\"user\":{{\"name\":\"alice\"}}}}}}\n");
        var pre = new TabularPreprocessor(new() { EntityKeys = ["actor.user.name"] }).Fit(RecordReader.ReadFlat(dir.Path));
        var batches = pre.TransformFile(dir.Path, batchSize: 10).ToList();
        batches.Select(b => b.Rows).Should().Equal(1, 1);
        batches[1].GetNumerical(0, "actor.user.name.since_prev").Should().BeApproximately((float)Math.Log(1 + 9), 1e-6f);
        batches[1].Locations![0]!.Value.Source.Should().Be(dir.File("2.jsonl"));
    }
}
