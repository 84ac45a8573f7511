using ResNetTab.Models.Layers;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Layers;

public sealed class FastDropoutTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Drops_each_element_with_probability_p_and_scales_the_rest(double p)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var dropout = new FastDropout(p);
        dropout.train();
        const int rows = 1000, columns = 1003; // an odd width exercises the tail of the SIMD fill
        var output = TensorData.ToArray<float>(dropout.call(ones(rows, columns)));
        var keep = (float)(1 / (1 - p));
        output.Should().OnlyContain(v => v == 0 || v == keep);
        var dropped = output.Count(v => v == 0);
        var n = (double)rows * columns;
        var sigma = Math.Sqrt(n * p * (1 - p));
        Math.Abs(dropped - (n * p)).Should().BeLessThan(5 * sigma);
        // No position in the eight SIMD lanes is biased.
        for (var lane = 0; lane < 8; lane++)
        {
            var laneValues = output.Where((_, i) => i % 8 == lane).ToArray();
            var laneSigma = Math.Sqrt(laneValues.Length * p * (1 - p));
            Math.Abs(laneValues.Count(v => v == 0) - (laneValues.Length * p)).Should().BeLessThan(5 * laneSigma, $"lane {lane}");
        }
    }

    [Fact]
    public void Masks_follow_manual_seed_and_differ_between_calls()
    {
        using var scope = NewDisposeScope();
        using var dropout = new FastDropout(0.3);
        dropout.train();
        var x = ones(64, 64);
        manual_seed(5);
        var first = TensorData.ToArray<float>(dropout.call(x));
        var second = TensorData.ToArray<float>(dropout.call(x));
        manual_seed(5);
        var again = TensorData.ToArray<float>(dropout.call(x));
        again.Should().Equal(first);
        second.Should().NotEqual(first);
    }

    [Fact]
    public void Gradient_is_the_mask()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var dropout = new FastDropout(0.25);
        dropout.train();
        var x = randn(32, 16).requires_grad_();
        var y = dropout.call(x);
        y.sum().backward();
        var output = TensorData.ToArray<float>(y.detach());
        var input = TensorData.ToArray<float>(x.detach());
        var grad = TensorData.ToArray<float>(x.grad!);
        for (var i = 0; i < grad.Length; i++)
        {
            grad[i].Should().BeOneOf(0f, 1f / 0.75f);
            output[i].Should().Be(input[i] * grad[i]);
        }
    }

    [Fact]
    public void Evaluation_zero_and_one_behave_as_torch()
    {
        using var scope = NewDisposeScope();
        var x = randn(8, 8);
        using var dropout = new FastDropout(0.5);
        dropout.eval();
        dropout.call(x).ReadAll<float>().Should().Equal(x.ReadAll<float>());
        using var none = new FastDropout(0);
        none.train();
        none.call(x).ReadAll<float>().Should().Equal(x.ReadAll<float>());
        using var all = new FastDropout(1);
        all.train();
        TensorData.ToArray<float>(all.call(x)).Should().OnlyContain(v => v == 0);
        var act = () => new FastDropout(1.5);
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("p");
    }

    [Fact]
    public void Other_types_fall_back_to_libtorch_dropout()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var dropout = new FastDropout(0.5);
        dropout.train();
        var output = TensorData.ToArray<double>(dropout.call(ones(100, 100, dtype: ScalarType.Float64)));
        output.Should().OnlyContain(v => v == 0 || v == 2);
        output.Count(v => v == 0).Should().BeInRange(4500, 5500);
    }
}
