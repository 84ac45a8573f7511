using ResNetTab.Anomaly;
using ResNetTab.SelfSupervised.Sequences;

namespace ResNetTab.SelfSupervised.Tests.Sequences;

/// <summary>Windowing edge cases: single events, equal and out-of-order times, gaps, windows longer than the history, streaming memory.</summary>
public sealed class WindowerTests
{
    private static readonly SequenceWindowOptions Small = new() { Length = 3, Stride = 2, MaxGap = TimeSpan.FromSeconds(100) };

    private static List<SequenceWindow> Run(SequenceWindowOptions options, params (string Entity, long TimeMs, long Index)[] events)
    {
        var windower = new SequenceWindower(1, options);
        var output = new List<SequenceWindow>();
        foreach (var (entity, time, index) in events) output.AddRange(windower.Add(entity, time, index, [index * 10f]));
        output.AddRange(windower.Flush());
        return output;
    }

    private static float[] Column(SequenceWindow w, int column) => [.. Enumerable.Range(0, w.Length).Select(k => w.Steps[(k * w.StepWidth) + column])];

    [Fact]
    public void A_single_event_entity_gives_one_front_padded_window_flagged_first()
    {
        var windows = Run(Small, ("a", 1000, 0));
        windows.Should().ContainSingle();
        var w = windows[0];
        w.Events.Should().Equal(0L);
        w.StepWidth.Should().Be(4);
        w.Steps.Should().Equal(0, 0, 0, 0, /**/ 0, 0, 0, 0, /**/ 0, 0, 1, 1); // features 0, gap 0, first 1, present 1
    }

    [Fact]
    public void Regular_windows_every_stride_and_a_tail_window_cover_every_event()
    {
        var windows = Run(Small, [.. Enumerable.Range(0, 6).Select(i => ("a", 1000L * i, (long)i))]);
        windows.Select(w => w.Events.ToArray()).Should().BeEquivalentTo(new[] { new long[] { 0, 1, 2 }, [2, 3, 4], [3, 4, 5] }, o => o.WithStrictOrdering());
        Column(windows[0], 0).Should().Equal(0, 10, 20);
        Column(windows[0], 1).Should().Equal(0, SequenceSteps.Gap(1000), SequenceSteps.Gap(1000)); // log(1 + 1 s)
        Column(windows[0], 2).Should().Equal(1, 0, 0);
        Column(windows[1], 2).Should().Equal(0, 0, 0);
    }

    [Fact]
    public void Entities_are_separate_and_interleaved_events_keep_their_entity()
    {
        var windows = Run(Small, ("a", 0, 0), ("b", 1, 1), ("a", 2, 2), ("b", 3, 3), ("a", 4, 4));
        windows.Should().HaveCount(2);
        windows.Single(w => w.Entity == "a").Events.Should().Equal(0L, 2L, 4L);
        windows.Single(w => w.Entity == "b").Events.Should().Equal(1L, 3L);
        Column(windows.Single(w => w.Entity == "b"), 3).Should().Equal(0, 1, 1); // padded in front
    }

    [Fact]
    public void Equal_times_keep_their_arrival_order()
    {
        var windows = Run(Small, ("a", 5, 7), ("a", 5, 3), ("a", 5, 9));
        windows.Single().Events.Should().Equal(7L, 3L, 9L);
        Column(windows[0], 1).Should().Equal(0, 0, 0);
    }

    [Fact]
    public void Out_of_order_events_within_the_lateness_are_put_in_their_place()
    {
        var options = Small with { AllowedLateness = TimeSpan.FromSeconds(10) };
        var windows = Run(options, ("a", 5000, 0), ("a", 1000, 1), ("a", 3000, 2), ("a", 3000, 3));
        windows.Select(w => w.Events.ToArray()).Should().BeEquivalentTo(new[] { new long[] { 1, 2, 3 }, [2, 3, 0] }, o => o.WithStrictOrdering());
        Column(windows[0], 1).Should().Equal(0, SequenceSteps.Gap(2000), 0);
    }

    [Fact]
    public void An_event_later_than_the_lateness_is_refused_with_its_entity_and_times()
    {
        var windower = new SequenceWindower(1, Small with { AllowedLateness = TimeSpan.FromSeconds(1) });
        windower.Add("alice" + SequenceWindower.KeySeparator + "10.0.0.1", 10_000, 0, [1f]);
        var act = () => windower.Add(SequenceWindower.Key("alice", "10.0.0.1"), 8_000, 1, [1f]);
        act.Should().Throw<ArgumentException>().WithMessage("*Event 1 of entity 'alice|10.0.0.1' at 8000 ms is out of order*accepts nothing before 9000 ms*");
    }

    [Fact]
    public void A_gap_longer_than_the_limit_starts_a_new_segment_with_the_true_gap()
    {
        var windows = Run(Small, ("a", 0, 0), ("a", 1000, 1), ("a", 501_000, 2), ("a", 502_000, 3));
        windows.Should().HaveCount(2);
        windows[0].Events.Should().Equal(0L, 1L);
        windows[0].Segment.Should().Be(0);
        windows[1].Events.Should().Equal(2L, 3L);
        windows[1].Segment.Should().Be(1);
        Column(windows[1], 1).Should().Equal(0, SequenceSteps.Gap(500_000), SequenceSteps.Gap(1000));
        Column(windows[1], 2).Should().Equal(0, 0, 0); // not the entity's first event
    }

    [Fact]
    public void Bad_features_are_refused_with_the_event()
    {
        var windower = new SequenceWindower(2, Small);
        windower.Invoking(w => w.Add("a", 0, 4, [1f])).Should().Throw<ArgumentException>().WithMessage("*Event 4*1 features*made for 2*");
        windower.Invoking(w => w.Add("a", 0, 5, [1f, float.NaN])).Should().Throw<ArgumentException>().WithMessage("*Event 5*NaN*");
        var bad = () => new SequenceWindower(1, Small with { Stride = 4 });
        bad.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Stride");
    }

    [Fact]
    public void Streaming_keeps_only_recently_active_entities_in_memory()
    {
        // 20,000 events of 2,000 entities, each active for a short burst: the open state stays bounded by the burst overlap.
        var windower = new SequenceWindower(1, Small);
        var windows = 0;
        var maxOpen = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var entity = $"e{i / 10}";
            windows += windower.Add(entity, i * 1000L, i, [1f]).Count;
            maxOpen = Math.Max(maxOpen, windower.OpenEntities);
        }
        windows += windower.Flush().Count;
        maxOpen.Should().BeLessThan(600); // a sweep every 4,096 events closes entities silent for over 100 s
        windower.OpenEntities.Should().Be(0);
        windows.Should().Be(2000 * 5); // 10 events: windows at 3, 5, 7, 9 and a tail ending at the 10th
    }

    [Fact]
    public void FromRows_sorts_by_time_stably_and_indexes_rows()
    {
        var features = FeatureMatrix.From(new float[,] { { 0 }, { 1 }, { 2 }, { 3 } });
        var windows = SequenceWindower.FromRows(features, ["a", "a", "a", "a"], [30, 10, 20, 10], Small);
        windows.Select(w => w.Events.ToArray()).Should().BeEquivalentTo(new[] { new long[] { 1, 3, 2 }, [3, 2, 0] }, o => o.WithStrictOrdering());
        var set = SequenceWindowSet.From(windows);
        set.Count.Should().Be(2);
        set.Length.Should().Be(3);
        set.Width.Should().Be(4);
        SequenceWindowSet.FromFeatureMatrix(set.ToFeatureMatrix(), 3).Values.Should().Equal(set.Values);
    }
}
