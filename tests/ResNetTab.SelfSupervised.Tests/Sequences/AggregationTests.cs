using ResNetTab.SelfSupervised.Sequences;

namespace ResNetTab.SelfSupervised.Tests.Sequences;

/// <summary>Per-event and per-entity scores from window and step scores.</summary>
public sealed class AggregationTests
{
    private static readonly SequenceWindow[] Windows =
    [
        new("a", 0, [0, 1, 2], new float[12], 4),
        new("a", 0, [2, 3, 4], new float[12], 4),
        new("b", 0, [5], new float[12], 4),
    ];

    [Fact]
    public void Events_take_the_max_or_mean_of_the_windows_that_contain_them()
    {
        SequenceScores.PerEvent(Windows, [1.0, 3.0, 5.0], 7).Should().Equal(1, 1, 3, 3, 3, 5, double.NaN);
        SequenceScores.PerEvent(Windows, [1.0, 3.0, 5.0], 7, SequenceAggregation.Mean).Should().Equal(1, 1, 2, 3, 3, 5, double.NaN);
    }

    [Fact]
    public void Step_scores_are_read_at_each_event_own_position_padding_skipped()
    {
        double[] steps = [0.1, 0.2, 0.3, /**/ 0.4, 0.5, 0.6, /**/ 9, 9, 0.7];
        SequenceScores.PerEventSteps(Windows, steps, 6).Should().Equal(0.1, 0.2, 0.4, 0.5, 0.6, 0.7);
        SequenceScores.PerEventSteps(Windows, steps, 6, SequenceAggregation.Mean)[2].Should().BeApproximately(0.35, 1e-12);
    }

    [Fact]
    public void Entities_take_the_max_or_mean_of_their_windows()
    {
        SequenceScores.PerEntity(Windows, [1.0, 3.0, 5.0]).Should().BeEquivalentTo(new Dictionary<string, double> { ["a"] = 3, ["b"] = 5 });
        SequenceScores.PerEntity(Windows, [1.0, 3.0, 5.0], SequenceAggregation.Mean)["a"].Should().Be(2);
    }

    [Fact]
    public void Mismatched_counts_and_out_of_range_events_are_refused()
    {
        var act = () => SequenceScores.PerEvent(Windows, [1.0], 7);
        act.Should().Throw<ArgumentException>().WithMessage("*3 windows but 1 window scores*");
        var range = () => SequenceScores.PerEvent(Windows, [1.0, 3.0, 5.0], 4);
        range.Should().Throw<ArgumentException>().WithMessage("*Window 1 holds event 4, outside [0, 4)*");
    }
}
