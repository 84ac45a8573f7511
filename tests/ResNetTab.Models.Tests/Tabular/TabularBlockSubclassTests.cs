using ResNetTab.Models.Tabular;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static ResNetTab.Models.Tests.Tabular.TabularParameterCounts;

namespace ResNetTab.Models.Tests.Tabular;

/// <summary>A block with a learnable residual scale (ReZero-style): y = relu(x + α·F(x)), α starting at 0.</summary>
internal sealed class ScaledResidualBlock : TabularResidualBlock
{
    private readonly Parameter alpha = nn.Parameter(zeros(1));

    public ScaledResidualBlock(long d, double dropout, TabularNormalization normalization) : base(d, dropout, normalization)
    {
    }

    public int Combines { get; private set; }

    protected override Tensor Combine(Tensor residual, Tensor identity)
    {
        Combines++;
        using var scaled = residual * alpha;
        return scaled + identity;
    }
}

public sealed class TabularBlockSubclassTests
{
    private static TabularResNet Build() => TabularResNetBuilder.Create().WithNumericalColumns(5).WithCategorical(7, 4).WithWidth(16).WithBlocks(2)
        .WithBlockFactory((_, width, dropout, normalization) => new ScaledResidualBlock(width, dropout, normalization)).Build();

    [Fact]
    public void A_subclassed_block_keeps_the_base_names_and_registers_its_own_parameter_in_pytorchs_order()
    {
        using var scope = NewDisposeScope();
        using var model = Build();
        var keys = model.OrderedStateDict().Keys.Where(k => k.StartsWith("blocks.0.", StringComparison.Ordinal)).ToList();
        // PyTorch lists a module's own parameters before its children's.
        keys.Should().Equal("blocks.0.alpha", "blocks.0.fc1.weight", "blocks.0.fc1.bias", "blocks.0.bn1.weight", "blocks.0.bn1.bias",
            "blocks.0.bn1.running_mean", "blocks.0.bn1.running_var", "blocks.0.bn1.num_batches_tracked",
            "blocks.0.fc2.weight", "blocks.0.fc2.bias", "blocks.0.bn2.weight", "blocks.0.bn2.bias",
            "blocks.0.bn2.running_mean", "blocks.0.bn2.running_var", "blocks.0.bn2.num_batches_tracked");
        using var plain = TabularResNetBuilder.Create().WithNumericalColumns(5).WithCategorical(7, 4).WithWidth(16).WithBlocks(2).Build();
        (model.ParameterCount() - plain.ParameterCount()).Should().Be(2, "one α per block");
        model.ParameterCount().Should().Be(plain.ParameterCount() + 2);
        ResidualBlock(16).Should().Be(2 * (16 * 16 + 16) + 2 * 32);
    }

    [Fact]
    public void The_overridden_combine_runs_and_with_alpha_zero_each_block_is_relu_of_its_input()
    {
        using var scope = NewDisposeScope();
        using var model = Build();
        model.eval();
        using var noGrad = no_grad();
        var x = randn(6, 16);
        foreach (var block in model.blocks)
        {
            var y = block.call(x);
            y.allclose(x.relu(), rtol: 0, atol: 1e-6).Should().BeTrue();
            x.min().item<float>().Should().BeLessThan(0, "the input itself is left untouched");
        }
        model.blocks.Cast<ScaledResidualBlock>().Should().OnlyContain(b => b.Combines == 1);
    }

    [Fact]
    public void Alpha_receives_a_gradient()
    {
        using var scope = NewDisposeScope();
        using var model = Build();
        model.train();
        var numerical = randn(6, 5);
        var categorical = stack([randint(0, 7, [6], ScalarType.Int64), randint(0, 4, [6], ScalarType.Int64)], 1);
        model.call(numerical, categorical).square().sum().backward();
        var alpha = model.named_parameters().Single(p => p.name == "blocks.1.alpha").parameter;
        alpha.grad.Should().NotBeNull();
        alpha.grad!.abs().item<float>().Should().BeGreaterThan(0);
    }
}
