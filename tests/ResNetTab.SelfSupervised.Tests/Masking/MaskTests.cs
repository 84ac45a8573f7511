using ResNetTab.SelfSupervised.Masking;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Tests.Masking;

public sealed class MaskTests
{
    [Fact]
    public void Bernoulli_masks_have_the_requested_rate_per_column_and_repeat_under_a_seed()
    {
        using var scope = NewDisposeScope();
        using var g1 = new Generator(7);
        using var g2 = new Generator(7);
        var mask = FeatureMasks.Bernoulli(40_000, 6, 0.15, generator: g1);
        var perColumn = TensorData.ToArray<float>(mask.to(ScalarType.Float32).mean([0]));
        // Binomial standard deviation of a column's rate: sqrt(0.15·0.85/40000) ≈ 0.0018; 4σ ≈ 0.0072.
        perColumn.Should().OnlyContain(rate => Math.Abs(rate - 0.15) < 0.0072);
        FeatureMasks.Bernoulli(40_000, 6, 0.15, generator: g2).Identical(mask).Should().BeTrue();
    }

    [Fact]
    public void Bernoulli_refuses_a_probability_outside_0_1()
    {
        var act = () => FeatureMasks.Bernoulli(2, 2, 1.5);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*[0, 1]*");
    }

    [Theory]
    [InlineData(7, 3)]
    [InlineData(5, 5)]
    [InlineData(9, 1)]
    public void Partition_masks_cover_every_cell_exactly_once(int columns, int count)
    {
        using var scope = NewDisposeScope();
        var total = zeros([4, columns], ScalarType.Int64);
        for (var k = 0; k < count; k++) total += FeatureMasks.Partition(4, columns, k, count).to(ScalarType.Int64);
        TensorData.ToArray<long>(total).Should().OnlyContain(v => v == 1);
    }

    [Fact]
    public void Scarf_views_take_other_rows_values_of_the_same_column_at_the_corruption_rate()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        // Column c of row r holds 10000·c + r: a swapped cell still holds a value of column c.
        var numerical = (arange(2000, dtype: ScalarType.Float32).unsqueeze(1) + arange(3, dtype: ScalarType.Float32).unsqueeze(0) * 10000).contiguous();
        var categorical = (arange(2000, dtype: ScalarType.Int64).unsqueeze(1) + arange(2, dtype: ScalarType.Int64).unsqueeze(0) * 10000 + 3).contiguous();
        var (num, cat, dropped) = new ScarfCorruption(0.3).Apply(numerical, categorical);
        dropped.Should().BeNull();
        var column = TensorData.ToArray<float>(num.div(10000).floor());
        column.Select((v, i) => v == i % 3).Should().AllSatisfy(ok => ok.Should().BeTrue());
        var changed = TensorData.ToArray<float>(num.ne(numerical).to(ScalarType.Float32).mean()).Single();
        changed.Should().BeInRange(0.27f, 0.33f); // 0.3 (less the 1/2000 chance of drawing the row itself) ± 4σ
        TensorData.ToArray<float>(cat.ne(categorical).to(ScalarType.Float32).mean()).Single().Should().BeInRange(0.27f, 0.33f);
    }
}
