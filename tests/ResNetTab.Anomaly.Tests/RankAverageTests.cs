using ResNetTab.Anomaly;

namespace ResNetTab.Anomaly.Tests;

public sealed class RankAverageTests
{
    [Fact]
    public void Averages_the_share_of_training_scores_below_and_breaks_ties_by_raw_scores()
    {
        // Member A: training 1..4; member B: training 10, 20 (a different scale).
        var combined = RankAverage.Combine(
        [
            ([1.0, 2, 3, 4], [2.5, 0, 5, 9]),
            ([10.0, 20], [15, 5, 30, 30]),
        ]);
        // Row 0: A has 2 of 4 below (0.5), B 1 of 2 (0.5) → 0.5; row 1: 0 and 0 → 0; rows 2 and 3: both saturate at 1.
        combined[0].Should().BeApproximately(0.5, 1e-9);
        combined[1].Should().BeApproximately(0, 1e-9);
        combined[2].Should().BeApproximately(1, 1e-9);
        combined[3].Should().BeApproximately(1, 1e-9);
        combined[3].Should().BeGreaterThan(combined[2], "the saturated tie is broken by the larger raw score (9 + 30 > 5 + 30)");
        // A score equal to a training score does not count that score as below.
        RankAverage.Combine([([1.0, 2, 3, 4], [3.0])])[0].Should().BeApproximately(0.5, 1e-9);
    }

    [Fact]
    public void Mismatched_members_are_named()
    {
        var act = () => RankAverage.Combine([([1.0, 2], [1.0, 2]), ([1.0], [1.0])]);
        act.Should().Throw<ArgumentException>().WithMessage("Member 1 scores 1 rows but member 0 scores 2*");
        var empty = () => RankAverage.Combine([([], [1.0])]);
        empty.Should().Throw<ArgumentException>().WithMessage("Member 0 has no training scores*");
    }
}
