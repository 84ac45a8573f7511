using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Tests;

/// <summary>
/// Tests that seed libtorch's process-wide generator and then check what it draws: they run one at
/// a time and apart from every parallel test, so no other test draws between the seed and the check.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class RandomGeneratorCollection
{
    public const string Name = "random generator";
}

[Collection(RandomGeneratorCollection.Name)]
public class RandomTests
{
    [Fact]
    public void Same_seed_gives_identical_values()
    {
        using var scope = NewDisposeScope();
        manual_seed(2024);
        var a = randn(50).ReadAll<float>();
        var b = rand(20).ReadAll<float>();
        var c = randint(0, 1000, new long[] { 20 }).ReadAll<long>();
        var d = randperm(30).ReadAll<long>();
        manual_seed(2024);
        randn(50).ReadAll<float>().Should().Equal(a);
        rand(20).ReadAll<float>().Should().Equal(b);
        randint(0, 1000, new long[] { 20 }).ReadAll<long>().Should().Equal(c);
        randperm(30).ReadAll<long>().Should().Equal(d);
        random.manual_seed(2024);
        randn(50).ReadAll<float>().Should().Equal(a);
    }

    [Fact]
    public void Different_seeds_give_different_values_and_draws_advance_the_stream()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var first = randn(16).ReadAll<float>();
        var second = randn(16).ReadAll<float>();
        manual_seed(2);
        var other = randn(16).ReadAll<float>();
        first.Should().NotEqual(second);
        first.Should().NotEqual(other);
    }

    [Fact]
    public void In_place_random_fills_are_reproducible()
    {
        using var scope = NewDisposeScope();
        manual_seed(77);
        var a = empty(10).normal_(1, 2).ReadAll<float>();
        var b = empty(10).uniform_(-1, 1).ReadAll<float>();
        manual_seed(77);
        empty(10).normal_(1, 2).ReadAll<float>().Should().Equal(a);
        empty(10).uniform_(-1, 1).ReadAll<float>().Should().Equal(b);
    }

    private static (double mean, double std, double min, double max) Stats(Tensor t)
    {
        var v = t.ReadAll<double>();
        var mean = v.Average();
        var std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return (mean, std, v.Min(), v.Max());
    }

    [Fact]
    public void randn_has_zero_mean_and_unit_std()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var x = randn(100_000);
        var (mean, std, _, _) = Stats(x);
        mean.Should().BeApproximately(0, 0.02);
        std.Should().BeApproximately(1, 0.02);
        x.mean().item<float>().Should().BeApproximately((float)mean, 1e-4f);
        var d = randn(new long[] { 100_000 }, float64);
        d.dtype.Should().Be(float64);
        Stats(d).mean.Should().BeApproximately(0, 0.02);
        var within1 = (x.abs() < 1.0).sum().item<long>() / 100_000.0;
        within1.Should().BeApproximately(0.6827, 0.01);
    }

    [Fact]
    public void rand_is_uniform_in_the_unit_interval()
    {
        using var scope = NewDisposeScope();
        manual_seed(12);
        var (mean, std, min, max) = Stats(rand(100_000));
        mean.Should().BeApproximately(0.5, 0.01);
        std.Should().BeApproximately(Math.Sqrt(1.0 / 12), 0.01);
        min.Should().BeGreaterThanOrEqualTo(0);
        max.Should().BeLessThan(1);
    }

    [Fact]
    public void normal_and_uniform_fills_have_the_requested_moments()
    {
        using var scope = NewDisposeScope();
        manual_seed(13);
        var (mean, std, _, _) = Stats(empty(100_000).normal_(3, 0.5));
        mean.Should().BeApproximately(3, 0.01);
        std.Should().BeApproximately(0.5, 0.01);
        var (umean, _, umin, umax) = Stats(empty(new long[] { 100_000 }, float64).uniform_(-2, 6));
        umean.Should().BeApproximately(2, 0.05);
        umin.Should().BeGreaterThanOrEqualTo(-2);
        umax.Should().BeLessThan(6);
    }

    [Fact]
    public void randint_stays_in_range_and_hits_every_value()
    {
        using var scope = NewDisposeScope();
        manual_seed(14);
        var v = randint(-3, 7, new long[] { 10_000 }).ReadAll<long>();
        v.Min().Should().Be(-3);
        v.Max().Should().Be(6);
        v.Distinct().Should().HaveCount(10);
        var counts = v.GroupBy(x => x).Select(g => g.Count()).ToArray();
        counts.Min().Should().BeGreaterThan(850);
        counts.Max().Should().BeLessThan(1150);
        var small = randint(5, new long[] { 2, 3 }, int32);
        small.dtype.Should().Be(int32);
        small.shape.Should().Equal(2, 3);
        small.ReadAll<long>().Should().OnlyContain(x => x >= 0 && x < 5);
    }

    [Fact]
    public void randperm_is_a_permutation()
    {
        using var scope = NewDisposeScope();
        manual_seed(15);
        var p = randperm(1000).ReadAll<long>();
        p.Should().HaveCount(1000);
        p.OrderBy(x => x).Should().Equal(Enumerable.Range(0, 1000).Select(i => (long)i));
        p.Should().NotBeInAscendingOrder();
        randperm(0).numel().Should().Be(0);
    }

    [Fact]
    public void Random_like_factories_follow_the_source()
    {
        using var scope = NewDisposeScope();
        var src = zeros(new long[] { 3, 4 }, float64);
        var a = randn_like(src);
        a.shape.Should().Equal(3, 4);
        a.dtype.Should().Be(float64);
        var b = rand_like(src, float32);
        b.dtype.Should().Be(float32);
        b.ReadAll<float>().Should().OnlyContain(x => x >= 0 && x < 1);
        randn(new long[] { 2, 2 }, float64).dtype.Should().Be(float64);
        rand(new long[] { 2 }, float64).dtype.Should().Be(float64);
    }
}
