using ResNetTab.Synthetic;

namespace ResNetTab.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
public sealed class ScoringTests(PipelineFixture fixture)
{
    [Fact]
    public void Shards_together_equal_one_run()
    {
        var folder = Path.Combine(fixture.Root, "split");
        Directory.CreateDirectory(folder);
        var lines = File.ReadAllLines(fixture.Events);
        for (var f = 0; f < 5; f++)
            File.WriteAllLines(Path.Combine(folder, $"part-{f}.jsonl"), lines.Skip(f * 400).Take(400));
        var one = fixture.Bundle.Score([folder]).ToList();
        one.Should().HaveCount(2000);
        var shards = Enumerable.Range(0, 3).SelectMany(i => fixture.Bundle.Score([folder], new ScoringOptions { Shard = new Shard(i, 3) })).ToList();
        shards.Should().HaveCount(one.Count);
        for (var i = 0; i < one.Count; i++)
        {
            shards[i].Location.Should().Be(one[i].Location);
            BitConverter.DoubleToInt64Bits(shards[i].Score).Should().Be(BitConverter.DoubleToInt64Bits(one[i].Score));
            shards[i].TopFields.Should().Equal(one[i].TopFields);
        }
        Shard.Parse("2/3").Should().Be(new Shard(2, 3));
        var bad = () => Shard.Parse("3/3");
        bad.Should().Throw<FormatException>().WithMessage("*0 <= i < n*");
    }

    [Fact]
    public void Contributing_fields_point_at_what_the_injected_anomaly_changed()
    {
        var labels = SyntheticLabel.ReadCsv(fixture.Labels).ToList();
        var scored = fixture.Bundle.Score([fixture.Events]).ToList();
        // Brute force and new-location logins come from a foreign source address; a large transfer goes to a rare
        // destination with a large byte count.
        var changed = new Dictionary<AnomalyKind, string[]>
        {
            [AnomalyKind.BruteForce] = ["src_endpoint.", "http_request.user_agent", "status", "message", "is_mfa", "metadata.event_code"],
            [AnomalyKind.NewLocationLogin] = ["src_endpoint.", "http_request.user_agent"],
            [AnomalyKind.LargeTransferRareDestination] = ["dst_endpoint.", "traffic.", "duration"],
        };
        foreach (var (kind, prefixes) in changed)
        {
            var events = labels.Where(l => l.Anomaly == kind).Select(l => scored[(int)l.Index]).ToList();
            events.Should().NotBeEmpty($"the generator injects {kind}");
            var explained = events.Count(e => e.TopFields.Any(f => prefixes.Any(p => f.Field.StartsWith(p, StringComparison.Ordinal))));
            (explained / (double)events.Count).Should().BeGreaterThanOrEqualTo(0.5, $"{kind}: the top fields of most events name a field the anomaly changed");
        }
    }

    [Fact]
    public void Scoring_streams_in_batches_of_the_chosen_size()
    {
        var progress = new List<PipelineProgress>();
        var reporter = new SynchronousProgress(progress.Add);
        var count = fixture.Bundle.Score([fixture.Events], new ScoringOptions { BatchSize = 256 }, reporter).Count();
        count.Should().Be(3000);
        progress.Count(p => p.Message is null).Should().Be(12, "3000 events in batches of 256");
        progress[^1].Events.Should().Be(3000);
        progress[^1].Completed.Should().Be(new FileInfo(fixture.Events).Length);
    }

    [Fact]
    public void Inputs_that_match_nothing_and_bad_options_are_refused()
    {
        var missing = () => fixture.Bundle.Score([Path.Combine(fixture.Root, "nothing-*.jsonl")]).ToList();
        missing.Should().Throw<FileNotFoundException>().WithMessage("*No input file matches*nothing-*");
        var bad = () => fixture.Bundle.Score([fixture.Events], new ScoringOptions { BatchSize = 0 });
        bad.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*BatchSize*");
        var none = () => AnomalyPipeline.Create().Fit();
        none.Should().Throw<InvalidOperationException>().WithMessage("*ReadFrom*");
    }

    private sealed class SynchronousProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
    {
        public void Report(PipelineProgress value) => report(value);
    }
}
