using System.Text.Json;

namespace ResNetTab.Cli.Tests;

[Collection(ToolCollection.Name)]
public sealed class RoundTripTests(ToolFixture fixture)
{
    [Fact]
    public void Scores_have_one_line_per_event_with_location_label_and_fields()
    {
        var lines = File.ReadAllLines(fixture.PathOf("scores.jsonl"));
        lines.Should().HaveCount(2000);
        using var first = JsonDocument.Parse(lines[0]);
        var o = first.RootElement;
        o.GetProperty("source").GetString().Should().Be("events.jsonl");
        o.GetProperty("line").GetInt64().Should().Be(1);
        o.GetProperty("record").GetInt64().Should().Be(0);
        o.GetProperty("top_fields").GetString().Should().MatchRegex(@"^[^=;]+=[0-9.]+(;[^=;]+=[0-9.]+){2}$");
        var flagged = lines.Count(l => l.Contains("\"label\":1", StringComparison.Ordinal));
        flagged.Should().BeInRange(35, 41, "the threshold is the 98th percentile of the training events' scores");
    }

    [Fact]
    public void Evaluate_prints_the_metrics_and_writes_them()
    {
        var result = Tool.Run(fixture.Root, "evaluate", "scores.jsonl", "--labels", "labels.csv", "--output", "metrics.json");
        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("ROC-AUC").And.Contain("average precision").And.Contain("precision@k").And.Contain("per anomaly kind");
        using var metrics = JsonDocument.Parse(File.ReadAllText(fixture.PathOf("metrics.json")));
        metrics.RootElement.GetProperty("events").GetInt32().Should().Be(2000);
        metrics.RootElement.GetProperty("rocAuc").GetDouble().Should().BeGreaterThan(0.6);
        metrics.RootElement.GetProperty("kinds").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public void A_second_process_reproduces_the_scores_bit_for_bit_in_every_format()
    {
        var again = Tool.Run(fixture.Root, "score", "model.bundle", "events.jsonl", "--output", "again.jsonl");
        again.ExitCode.Should().Be(0, again.ToString());
        File.ReadAllBytes(fixture.PathOf("again.jsonl")).Should().Equal(File.ReadAllBytes(fixture.PathOf("scores.jsonl")));

        Tool.Run(fixture.Root, "score", "model.bundle", "events.jsonl", "--output", "scores.csv").ExitCode.Should().Be(0);
        Tool.Run(fixture.Root, "score", "model.bundle", "events.jsonl", "--output", "scores.parquet").ExitCode.Should().Be(0);
        var fromJson = Tool.Run(fixture.Root, "evaluate", "scores.jsonl", "--labels", "labels.csv");
        var fromCsv = Tool.Run(fixture.Root, "evaluate", "scores.csv", "--labels", "labels.csv");
        var fromParquet = Tool.Run(fixture.Root, "evaluate", "scores.parquet", "--labels", "labels.csv");
        fromParquet.ExitCode.Should().Be(0, fromParquet.ToString());
        fromCsv.Stdout.Should().Be(fromJson.Stdout);
        fromParquet.Stdout.Should().Be(fromJson.Stdout);
    }

    [Fact]
    public void Shards_concatenated_equal_one_run_byte_for_byte()
    {
        var folder = fixture.PathOf("split");
        Directory.CreateDirectory(folder);
        var lines = File.ReadAllLines(fixture.PathOf("events.jsonl"));
        for (var f = 0; f < 4; f++) File.WriteAllLines(Path.Combine(folder, $"day-{f}.jsonl"), lines.Skip(f * 300).Take(300));
        Tool.Run(fixture.Root, "score", "model.bundle", "split", "--output", "all.jsonl").ExitCode.Should().Be(0);
        var parts = new List<byte>();
        for (var i = 0; i < 3; i++)
        {
            var r = Tool.Run(fixture.Root, "score", "model.bundle", "split", "--output", $"shard-{i}.jsonl", "--shard", $"{i}/3");
            r.ExitCode.Should().Be(0, r.ToString());
            parts.AddRange(File.ReadAllBytes(fixture.PathOf($"shard-{i}.jsonl")));
        }
        parts.Should().Equal(File.ReadAllBytes(fixture.PathOf("all.jsonl")));
        File.ReadAllLines(fixture.PathOf("all.jsonl")).Should().HaveCount(1200);
    }

    [Fact]
    public void Tampered_truncated_and_mismatched_bundles_are_refused()
    {
        var tampered = fixture.CopyBundle();
        var model = Path.Combine(tampered, "scorers", "default_detector.json.reconstruction.model.safetensors");
        var bytes = File.ReadAllBytes(model);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(model, bytes);
        var r1 = Tool.Run(fixture.Root, "score", tampered, "events.jsonl", "--output", "t.jsonl");
        r1.ExitCode.Should().Be(2, r1.ToString());
        r1.Stderr.Should().Contain("part 'model' (scorers/default_detector.json.reconstruction.model.safetensors) does not match its checksum");
        File.Exists(fixture.PathOf("t.jsonl")).Should().BeFalse();

        var truncated = fixture.CopyBundle();
        var forest = Path.Combine(truncated, "scorers", "default_detector.json");
        File.WriteAllBytes(forest, File.ReadAllBytes(forest)[..100]);
        var r2 = Tool.Run(fixture.Root, "inspect", truncated);
        r2.ExitCode.Should().Be(2);
        r2.Stderr.Should().Contain("part 'detector'").And.Contain("truncated or replaced");

        var notBundle = fixture.PathOf("not-a-bundle");
        Directory.CreateDirectory(notBundle);
        var r3 = Tool.Run(fixture.Root, "report", notBundle, "scores.jsonl", "--output", "x.html");
        r3.ExitCode.Should().Be(2);
        r3.Stderr.Should().Contain("is not a model bundle");
    }

    [Fact]
    public void Inspect_and_embed_work_on_the_bundle()
    {
        var inspect = Tool.Run(fixture.Root, "inspect", "model.bundle", "--json");
        inspect.ExitCode.Should().Be(0, inspect.ToString());
        using var manifest = JsonDocument.Parse(inspect.Stdout);
        manifest.RootElement.GetProperty("format").GetString().Should().Be("resnettab-bundle");
        manifest.RootElement.GetProperty("training").GetProperty("history").GetArrayLength().Should().Be(2);
        manifest.RootElement.GetProperty("input").GetProperty("events").GetInt64().Should().Be(2000);

        var embed = Tool.Run(fixture.Root, "embed", "model.bundle", "events.jsonl", "--output", "embeddings.csv");
        embed.ExitCode.Should().Be(0, embed.ToString());
        var lines = File.ReadAllLines(fixture.PathOf("embeddings.csv"));
        lines.Should().HaveCount(2001);
        lines[0].Split(',').Should().HaveCount(2 + 32);
        lines[1].Split(',').Skip(2).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).Should().OnlyContain(v => double.IsFinite(v));
    }
}
