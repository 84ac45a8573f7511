using ResNetTab.Models.Layers;
using ResNetTab.Models.Tabular;
using TorchSharp;
using ResNetTab.Engine.StateDicts;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static ResNetTab.Models.Tests.Tabular.TabularParameterCounts;

namespace ResNetTab.Models.Tests.Tabular;

/// <summary>Every option beyond the tutorial: output shape, parameter count and names.</summary>
public sealed class TabularResNetVariantTests
{
    private static readonly int[] Cards = [7, 4, 11];

    private static TabularResNetBuilder Small() =>
        TabularResNetBuilder.Create().WithNumericalColumns(5).WithCategorical(Cards).WithWidth(32).WithBlocks(2);

    private static (Tensor numerical, Tensor categorical) Inputs(long rows = 8, int numerical = 5, int[]? cards = null)
    {
        cards ??= Cards;
        var num = randn(rows, numerical);
        var cat = cards.Length == 0
            ? zeros([rows, 0], ScalarType.Int64)
            : stack(cards.Select(c => randint(0, c, [rows], ScalarType.Int64)).ToArray(), 1);
        return (num, cat);
    }

    private static void ShapesAreRight(TabularResNet model, long? classes, long d = 32, int numerical = 5, int[]? cards = null)
    {
        var (num, cat) = Inputs(8, numerical, cards);
        model.train();
        model.call(num, cat).shape.Should().Equal(8, classes ?? d);
        model.eval();
        using var _ = no_grad();
        model.call(num, cat).shape.Should().Equal(8, classes ?? d);
        model.forward_embedding(num, cat).shape.Should().Equal(8, d);
    }

    [Fact]
    public void Tutorial_defaults_with_classifier()
    {
        using var scope = NewDisposeScope();
        using var model = Small().WithClasses(3).Build();
        model.blocks.Should().AllBeOfType<TabularResidualBlock>();
        model.initial_bn.Should().BeOfType<BatchNorm1d>();
        model.ParameterCount().Should().Be(Model(5, Cards, [8, 8, 8], 32, 16, ResidualBlock(32), 2, 3));
        ShapesAreRight(model, 3);
    }

    [Fact]
    public void Per_column_embedding_sizes()
    {
        using var scope = NewDisposeScope();
        using var model = Small().WithCategoryEmbeddingDims(3, 2, 6).Build();
        model.embeddings.Select(e => e.weight!.shape[1]).Should().Equal(3, 2, 6);
        model.initial_projection.in_features.Should().Be(16 + 3 + 2 + 6);
        model.ParameterCount().Should().Be(Model(5, Cards, [3, 2, 6], 32, 16, ResidualBlock(32), 2, null));
        ShapesAreRight(model, null);
    }

    [Fact]
    public void Embedding_sizes_from_a_cardinality_rule()
    {
        using var scope = NewDisposeScope();
        TabularResNetBuilder.FastAiEmbeddingRule(7).Should().Be(5);      // 1.6 * 7^0.56 = 4.9
        TabularResNetBuilder.FastAiEmbeddingRule(1000).Should().Be(77);  // 1.6 * 1000^0.56 = 76.9
        TabularResNetBuilder.FastAiEmbeddingRule(10_000_000).Should().Be(600);
        using var model = Small().WithCategoryEmbeddingDims(TabularResNetBuilder.FastAiEmbeddingRule).Build();
        int[] dims = [.. Cards.Select(TabularResNetBuilder.FastAiEmbeddingRule)];
        model.embeddings.Select(e => (int)e.weight!.shape[1]).Should().Equal(dims);
        model.ParameterCount().Should().Be(Model(5, Cards, dims, 32, 16, ResidualBlock(32), 2, null));
        ShapesAreRight(model, null);
    }

    [Fact]
    public void Bottleneck_blocks_go_d_to_quarter_and_back()
    {
        using var scope = NewDisposeScope();
        using var model = Small().WithBlockKind(TabularBlockKind.Bottleneck).WithClasses(4).Build();
        var block = model.blocks[0].Should().BeOfType<TabularBottleneckBlock>().Subject;
        block.fc1.weight.shape.Should().Equal(8, 32);
        block.fc2.weight.shape.Should().Equal(8, 8);
        block.fc3.weight.shape.Should().Equal(32, 8);
        model.OrderedStateDict().Keys.Should().Contain(["blocks.1.fc3.weight", "blocks.1.bn3.running_var"]);
        model.ParameterCount().Should().Be(Model(5, Cards, [8, 8, 8], 32, 16, BottleneckBlock(32), 2, 4));
        ShapesAreRight(model, 4);

        // The comparison at width 256: ~131K weights per basic block vs ~37K per bottleneck.
        using var basic = new TabularResidualBlock(256);
        using var bottleneck = new TabularBottleneckBlock(256);
        basic.ParameterCount().Should().Be(ResidualBlock(256)).And.Be(132_608);
        bottleneck.ParameterCount().Should().Be(BottleneckBlock(256)).And.Be(38_016);
    }

    [Fact]
    public void PreNorm_blocks_of_Gorishniy_et_al()
    {
        using var scope = NewDisposeScope();
        using var model = Small().WithBlockKind(TabularBlockKind.PreNorm).WithClasses(2).Build();
        var block = model.blocks[1].Should().BeOfType<TabularPreNormBlock>().Subject;
        block.named_children().Select(c => c.name).Should().Equal("normalization", "linear_first", "dropout_first", "linear_second", "dropout_second");
        block.normalization.Should().BeOfType<BatchNorm1d>();
        model.ParameterCount().Should().Be(Model(5, Cards, [8, 8, 8], 32, 16, PreNormBlock(32, 32), 2, 2));
        ShapesAreRight(model, 2);

        using var wide = new TabularPreNormBlock(32, hidden: 64);
        wide.ParameterCount().Should().Be(PreNormBlock(32, 64));
    }

    [Fact]
    public void PreNorm_block_is_an_identity_path_plus_the_branch()
    {
        using var scope = NewDisposeScope();
        using var block = new TabularPreNormBlock(16, dropout: 0.0);
        block.eval();
        using var _ = no_grad();
        nn.init.zeros_(block.linear_second.weight);
        nn.init.zeros_(block.linear_second.bias!);
        var x = randn(4, 16) - 3.0; // negative values survive: no ReLU after the addition
        block.call(x).allclose(x).Should().BeTrue();
    }

    [Theory]
    [InlineData(TabularBlockKind.Residual)]
    [InlineData(TabularBlockKind.Bottleneck)]
    [InlineData(TabularBlockKind.PreNorm)]
    public void LayerNorm_instead_of_BatchNorm(TabularBlockKind kind)
    {
        using var scope = NewDisposeScope();
        using var model = Small().WithBlockKind(kind).WithNormalization(TabularNormalization.LayerNorm).WithClasses(3).Build();
        model.initial_bn.Should().BeOfType<LayerNorm>();
        model.modules().OfType<BatchNorm1d>().Should().BeEmpty();
        model.buffers().Should().BeEmpty("LayerNorm keeps no running statistics");
        var block = kind switch
        {
            TabularBlockKind.Residual => ResidualBlock(32),
            TabularBlockKind.Bottleneck => BottleneckBlock(32),
            _ => PreNormBlock(32, 32),
        };
        model.ParameterCount().Should().Be(Model(5, Cards, [8, 8, 8], 32, 16, block, 2, 3));
        ShapesAreRight(model, 3);

        // One row per batch trains with LayerNorm (BatchNorm refuses it).
        model.train();
        var (num, cat) = Inputs(1);
        model.call(num, cat).shape.Should().Equal(1, 3);
    }

    [Fact]
    public void No_categorical_columns_accepts_null_or_zero_columns()
    {
        using var scope = NewDisposeScope();
        using var model = TabularResNetBuilder.Create().WithNumericalColumns(6).WithWidth(32).WithBlocks(2).WithClasses(3).Build();
        model.embeddings.Should().BeEmpty();
        model.OrderedStateDict().Keys.Should().NotContain(k => k.StartsWith("embeddings.", StringComparison.Ordinal));
        model.initial_projection.in_features.Should().Be(16);
        model.ParameterCount().Should().Be(Model(6, [], [], 32, 16, ResidualBlock(32), 2, 3));
        var num = randn(5, 6);
        model.call(num, null).shape.Should().Equal(5, 3);
        model.eval();
        using var _ = no_grad();
        model.call(num, zeros([5, 0], ScalarType.Int64)).allclose(model.call(num, null)).Should().BeTrue();
        ShapesAreRight(model, 3, numerical: 6, cards: []);
    }

    [Fact]
    public void No_numerical_columns_accepts_null_or_zero_columns()
    {
        using var scope = NewDisposeScope();
        using var model = TabularResNetBuilder.Create().WithCategorical(Cards).WithWidth(32).WithBlocks(2).Build();
        model.numerical_projection.Should().BeNull();
        model.OrderedStateDict().Keys.Should().NotContain(k => k.StartsWith("numerical_projection", StringComparison.Ordinal));
        model.initial_projection.in_features.Should().Be(24);
        model.ParameterCount().Should().Be(Model(0, Cards, [8, 8, 8], 32, 0, ResidualBlock(32), 2, null));
        var (_, cat) = Inputs(5);
        model.call(null, cat).shape.Should().Equal(5, 32);
        model.eval();
        using var noGrad = no_grad();
        model.call(zeros(5, 0), cat).allclose(model.call(null, cat)).Should().BeTrue();
        ShapesAreRight(model, null, numerical: 0);
    }

    [Fact]
    public void Custom_numerical_projection_width()
    {
        using var scope = NewDisposeScope();
        using var model = Small().WithNumericalProjection(10).Build();
        model.numerical_projection!.out_features.Should().Be(10);
        model.ParameterCount().Should().Be(Model(5, Cards, [8, 8, 8], 32, 10, ResidualBlock(32), 2, null));
        ShapesAreRight(model, null);
    }

    [Fact]
    public void Block_factory_supplies_custom_blocks()
    {
        using var scope = NewDisposeScope();
        var calls = new List<(int, int, double, TabularNormalization)>();
        using var model = Small().WithDropout(0.2).WithNormalization(TabularNormalization.LayerNorm)
            .WithBlockFactory((index, width, dropout, norm) =>
            {
                calls.Add((index, width, dropout, norm));
                return index == 0 ? new TabularPreNormBlock(width, dropout, norm, hidden: 2 * width) : new TabularBottleneckBlock(width, dropout, norm, reduction: 2);
            })
            .Build();
        calls.Should().Equal((0, 32, 0.2, TabularNormalization.LayerNorm), (1, 32, 0.2, TabularNormalization.LayerNorm));
        model.blocks[0].Should().BeOfType<TabularPreNormBlock>();
        model.blocks[1].Should().BeOfType<TabularBottleneckBlock>().Which.InnerWidth.Should().Be(16);
        model.ParameterCount().Should().Be(Model(5, Cards, [8, 8, 8], 32, 16, 0, 0, null) + PreNormBlock(32, 64) + BottleneckBlock(32, 2));
        ShapesAreRight(model, null);

        var act = () => Small().WithBlockFactory((_, _, _, _) => null!).Build();
        act.Should().Throw<ArgumentException>().WithMessage("*factory returned null for block 0*");
    }

    [Fact]
    public void Zero_blocks_and_named_children()
    {
        using var scope = NewDisposeScope();
        using var model = Small().WithBlocks(0).WithClasses(2).Build();
        model.named_children().Select(c => c.name).Should().Equal(
            "embeddings", "numerical_projection", "initial_projection", "initial_bn", "blocks", "final_norm", "classifier");
        model.blocks.Should().BeEmpty();
        model.classifier!.Count.Should().Be(4);
        model.classifier[0].Should().BeOfType<Linear>().Which.out_features.Should().Be(16);
        model.classifier[1].Should().BeOfType<ReLU>();
        model.classifier[2].Should().BeOfType<FastDropout>();
        model.classifier[3].Should().BeOfType<Linear>().Which.out_features.Should().Be(2);
        ShapesAreRight(model, 2);
    }
}
