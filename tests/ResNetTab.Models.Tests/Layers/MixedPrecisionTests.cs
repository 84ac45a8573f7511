using ResNetTab.Models.Layers;
using ResNetTab.Models.Tabular;
using ResNetTab.Models.Training;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Layers;

public sealed class MixedPrecisionTests
{
    private static TabularResNet Model() =>
        TabularResNetBuilder.Create().WithNumericalColumns(6).WithCategorical(5, 9).WithWidth(128).WithBlocks(2).WithDropout(0).Build();

    [Fact]
    public void Outside_a_scope_a_linear_is_the_layer_itself_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var layer = nn.Linear(32, 16);
        var x = randn(10, 32);
        MixedPrecision.ComputeType.Should().BeNull();
        MixedPrecision.Linear(layer, x).ReadAll<float>().Should().Equal(layer.call(x).ReadAll<float>());
    }

    [Fact]
    public void Inside_a_scope_products_run_in_bfloat16_and_return_float32()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var layer = nn.Linear(128, 128);
        var x = randn(512, 128); // 512 × 128 × 128 multiply-adds: above MinimumProductSize
        var full = layer.call(x).ReadAll<float>();
        float[] reduced;
        using (MixedPrecision.Autocast())
        {
            MixedPrecision.ComputeType.Should().Be(ScalarType.BFloat16);
            var y = MixedPrecision.Linear(layer, x);
            y.dtype.Should().Be(ScalarType.Float32);
            reduced = y.ReadAll<float>();
        }
        MixedPrecision.ComputeType.Should().BeNull();
        reduced.Should().NotEqual(full);
        var scale = full.Max(Math.Abs);
        reduced.Zip(full).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 0.02 * scale);
    }

    [Fact]
    public void A_tabular_resnet_under_autocast_stays_close_and_gets_float32_gradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = Model();
        model.train();
        var numerical = randn(512, 6);
        var categorical = stack([randint(5, [512], dtype: ScalarType.Int64), randint(9, [512], dtype: ScalarType.Int64)], 1);

        model.call(numerical, categorical).square().mean().backward();
        var full = model.initial_projection.weight!.grad!.ReadAll<float>();
        model.zero_grad();
        using (MixedPrecision.Autocast()) model.call(numerical, categorical).square().mean().backward();
        var grad = model.initial_projection.weight!.grad!;
        grad.dtype.Should().Be(ScalarType.Float32);
        var reduced = grad.ReadAll<float>();
        reduced.Should().NotEqual(full, "the blocks' products must actually run in bfloat16");
        // Same direction to within bfloat16 rounding.
        var dot = reduced.Zip(full).Sum(p => (double)p.First * p.Second);
        var cosine = dot / Math.Sqrt(reduced.Sum(v => (double)v * v) * full.Sum(v => (double)v * v));
        cosine.Should().BeGreaterThan(0.99);
    }

    [Fact]
    public void Small_products_stay_float32_inside_a_scope()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var layer = nn.Linear(64, 16);
        var x = randn(10, 64);
        using (MixedPrecision.Autocast()) MixedPrecision.Linear(layer, x).ReadAll<float>().Should().Equal(layer.call(x).ReadAll<float>());
    }

    [Fact]
    public void Scopes_nest_and_restore_and_refuse_full_precision_types()
    {
        using (MixedPrecision.Autocast(ScalarType.Float16))
        {
            using (MixedPrecision.Autocast()) MixedPrecision.ComputeType.Should().Be(ScalarType.BFloat16);
            MixedPrecision.ComputeType.Should().Be(ScalarType.Float16);
        }
        MixedPrecision.ComputeType.Should().BeNull();
        var act = () => MixedPrecision.Autocast(ScalarType.Float32);
        act.Should().Throw<ArgumentException>().WithMessage("*Float32*");
        var options = () => new TrainerOptions { MixedPrecision = ScalarType.Float64 }.Validate();
        options.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("MixedPrecision");
    }
}
