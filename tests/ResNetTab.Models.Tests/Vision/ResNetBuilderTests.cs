using ResNetTab.Models.Vision;
using ResNetTab.Engine.StateDicts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Vision;

public sealed class ResNetBuilderTests
{
    private static ResNetBuilder Small() => ResNetBuilder.Create().WithLayers(1, 1).WithWidths(8, 16);

    [Fact]
    public void Cifar_stem_keeps_full_resolution_and_has_no_max_pool()
    {
        using var scope = NewDisposeScope();
        using var net = ResNetBuilder.ResNet18().WithCifarStem().WithClasses(10).Build();
        net.Stem.Should().Be(ResNetStem.Cifar);
        net.maxpool.Should().BeNull();
        net.conv1.weight.shape.Should().Equal(64, 3, 3, 3);
        net.conv1.stride.Should().Equal(1, 1);
        net.named_children().Select(c => c.name).Should().Equal("conv1", "bn1", "relu", "layer1", "layer2", "layer3", "layer4", "avgpool", "fc");
        var x = randn(2, 3, 32, 32);
        net.forward_feature_map(x).shape.Should().Equal(2, 512, 4, 4);
        net.call(x).shape.Should().Equal(2, 10);
        net.forward_features(x).shape.Should().Equal(2, 512);
    }

    [Fact]
    public void ImageNet_stem_downsamples_by_32()
    {
        using var scope = NewDisposeScope();
        using var net = ResNet.ResNet18(5);
        net.maxpool.Should().NotBeNull();
        var x = randn(1, 3, 64, 64);
        net.forward_feature_map(x).shape.Should().Equal(1, 512, 2, 2);
        net.call(x).shape.Should().Equal(1, 5);
    }

    [Fact]
    public void Feature_extractor_has_no_head_and_returns_the_embedding()
    {
        using var scope = NewDisposeScope();
        using var net = ResNetBuilder.ResNet50().AsFeatureExtractor().Build();
        net.fc.Should().BeNull();
        net.NumClasses.Should().BeNull();
        net.NumFeatures.Should().Be(2048);
        net.OrderedStateDict().Keys.Should().NotContain(k => k.StartsWith("fc.", StringComparison.Ordinal));
        net.eval();
        using var _ = no_grad();
        var x = randn(2, 3, 32, 32);
        var y = net.call(x);
        y.shape.Should().Equal(2, 2048);
        y.allclose(net.forward_features(x)).Should().BeTrue();
    }

    [Fact]
    public void Dropout_is_registered_apart_from_fc_and_keeps_torchvision_names()
    {
        using var scope = NewDisposeScope();
        using var plain = ResNet.ResNet18(10);
        using var net = ResNetBuilder.ResNet18().WithClasses(10).WithDropout(0.3).Build();
        net.dropout.Should().NotBeNull();
        net.dropout!.P.Should().Be(0.3);
        net.named_children().Select(c => c.name).Should().ContainInOrder("avgpool", "dropout", "fc");
        net.OrderedStateDict().Keys.Should().Equal(plain.OrderedStateDict().Keys);
        net.LoadStateDict(plain.OrderedStateDict());
        net.eval();
        plain.eval();
        using var _ = no_grad();
        var x = randn(2, 3, 32, 32);
        net.call(x).allclose(plain.call(x), rtol: 1e-5, atol: 1e-6).Should().BeTrue("dropout is the identity in eval mode");
    }

    [Fact]
    public void Subclassed_block_works_in_the_builder_and_is_registered()
    {
        using var scope = NewDisposeScope();
        using var net = ResNetBuilder.ResNet18().WithBlock<SqueezeExcitationTestBlock>().WithCifarStem().WithClasses(10).Build();
        using var baseline = ResNetBuilder.ResNet18().WithCifarStem().WithClasses(10).Build();
        var keys = net.OrderedStateDict().Keys.ToList();
        keys.Should().Contain(["layer1.0.se.fc1.weight", "layer1.0.se.fc1.bias", "layer1.0.se.fc2.weight", "layer4.1.se.fc2.bias"]);
        // The base block's torchvision names come first, the subclass's after them.
        keys.IndexOf("layer2.0.downsample.1.num_batches_tracked").Should().BeLessThan(keys.IndexOf("layer2.0.se.fc1.weight"));
        keys.Where(k => !k.Contains(".se.", StringComparison.Ordinal)).Should().Equal(baseline.OrderedStateDict().Keys);

        long expectedExtra = 0;
        foreach (var (planes, blocks) in new[] { (64L, 2), (128L, 2), (256L, 2), (512L, 2) })
        {
            var hidden = planes / 4;
            expectedExtra += blocks * (planes * hidden + hidden + hidden * planes + planes);
        }
        (net.ParameterCount() - baseline.ParameterCount()).Should().Be(expectedExtra);

        var x = randn(2, 3, 32, 32);
        net.call(x).shape.Should().Equal(2, 10);
        net.Blocks.Cast<SqueezeExcitationTestBlock>().Should().OnlyContain(b => b.BranchCalls == 1);
    }

    [Fact]
    public void Block_factory_receives_specs_with_positions()
    {
        var specs = new List<ResidualBlockSpec>();
        using var net = ResNetBuilder.Create().WithLayers(2, 1).WithWidths(8, 16)
            .WithBlockFactory(spec =>
            {
                specs.Add(spec);
                return new BottleneckBlock(spec, stride_on_3x3: false);
            })
            .WithClasses(3).Build();
        specs.Select(s => (s.StageIndex, s.BlockIndex, s.InPlanes, s.Planes, s.Stride))
            .Should().Equal((0, 0, 8L, 8L, 1L), (0, 1, 32L, 8L, 1L), (1, 0, 32L, 16L, 2L));
        net.NumFeatures.Should().Be(64);
        var first = (BottleneckBlock)net.layer(2)[0];
        first.StrideOn3x3.Should().BeFalse();
        first.conv1.stride.Should().Equal(2, 2);
        first.conv2.stride.Should().Equal(1, 1);
    }

    [Fact]
    public void Gradients_reach_the_first_layer()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var net = Small().WithCifarStem().WithClasses(4).Build();
        var x = randn(4, 3, 16, 16);
        var loss = net.call(x).square().mean();
        loss.backward();
        var grad = net.conv1.weight.grad;
        grad.Should().NotBeNull();
        grad!.abs().sum().item<float>().Should().BeGreaterThan(0);
        net.named_parameters().Where(p => p.parameter.grad is null).Select(p => p.name).Should().BeEmpty("every parameter takes part in the forward pass");
    }

    [Fact]
    public void Zero_init_residual_zeroes_the_last_norm_of_every_block()
    {
        using var basic = ResNet.ResNet18(zero_init_residual: true);
        using var bottleneck = ResNetBuilder.ResNet50().WithLayers(1, 1, 1, 1).WithZeroInitResidual().Build();
        using var normal = ResNetBuilder.ResNet50().WithLayers(1, 1, 1, 1).Build();
        var basicSd = basic.OrderedStateDict();
        basicSd.Where(kv => kv.Key.EndsWith(".bn2.weight", StringComparison.Ordinal)).Should().HaveCount(8)
            .And.OnlyContain(kv => kv.Value.abs().sum().item<float>() == 0);
        basicSd.Where(kv => kv.Key.EndsWith(".bn1.weight", StringComparison.Ordinal)).Should().OnlyContain(kv => kv.Value.eq(1).all().item<bool>());
        bottleneck.OrderedStateDict().Where(kv => kv.Key.EndsWith(".bn3.weight", StringComparison.Ordinal)).Should().HaveCount(4)
            .And.OnlyContain(kv => kv.Value.abs().sum().item<float>() == 0);
        bottleneck.OrderedStateDict().Where(kv => kv.Key.EndsWith(".bn2.weight", StringComparison.Ordinal)).Should().OnlyContain(kv => kv.Value.eq(1).all().item<bool>());
        normal.OrderedStateDict().Where(kv => kv.Key.EndsWith(".bn3.weight", StringComparison.Ordinal)).Should().OnlyContain(kv => kv.Value.eq(1).all().item<bool>());
    }

    [Fact]
    public void Initialisation_follows_torchvision()
    {
        manual_seed(0);
        using var net = ResNet.ResNet18();
        var w = net.layer(4)[0] is BasicBlock b ? b.conv2.weight : throw new InvalidOperationException();
        var std = w.std().item<float>();
        std.Should().BeApproximately((float)Math.Sqrt(2.0 / (512 * 9)), 0.02f * (float)Math.Sqrt(2.0 / (512 * 9)), "kaiming_normal_ fan_out relu");
        Math.Abs(w.mean().item<float>()).Should().BeLessThan(1e-3f);
        var bn = (BatchNorm2d)net.bn1;
        bn.weight!.eq(1).all().item<bool>().Should().BeTrue();
        bn.bias!.eq(0).all().item<bool>().Should().BeTrue();
        var fcBound = 1 / Math.Sqrt(512);
        net.fc!.weight.abs().max().item<float>().Should().BeLessThanOrEqualTo((float)fcBound, "fc keeps nn.Linear's default initialisation");
    }

    [Fact]
    public void Grouped_and_wide_variants_match_torchvision_parameter_counts()
    {
        using var resnext = ResNetBuilder.ResNet50().WithGroups(32).WithWidthPerGroup(4).Build();
        resnext.ParameterCount().Should().Be(25_028_904, "torchvision's resnext50_32x4d");
        using var wide = ResNetBuilder.ResNet50().WithWidthPerGroup(128).Build();
        wide.ParameterCount().Should().Be(68_883_240, "torchvision's wide_resnet50_2");
    }

    [Fact]
    public void Dilation_replaces_strides()
    {
        using var scope = NewDisposeScope();
        using var net = ResNetBuilder.ResNet50().WithLayers(1, 1, 1, 1).WithStrideReplacedByDilation(false, true, true).AsFeatureExtractor().Build();
        net.forward_feature_map(randn(1, 3, 64, 64)).shape.Should().Equal(1, 2048, 8, 8);
        var last = (BottleneckBlock)net.layer(4)[0];
        last.conv2.dilation.Should().Equal(2, 2);
    }

    [Fact]
    public void Wrong_input_rank_is_reported_clearly()
    {
        using var net = Small().Build();
        using var x = randn(3, 64, 64);
        var act = () => net.call(x);
        act.Should().Throw<ArgumentException>().WithMessage("*4-D input [N, C, H, W] with C = 3*got a 3-D input of shape [3, 64, 64]*unsqueeze(0)*");
    }

    [Fact]
    public void Wrong_channel_count_is_reported_clearly()
    {
        using var net = Small().Build();
        using var x = randn(2, 1, 32, 32);
        var act = () => net.forward_features(x);
        act.Should().Throw<ArgumentException>().WithMessage("*expected 3 input channels, got 1*[2, 1, 32, 32]*");
        using var grey = Small().WithInputChannels(1).Build();
        using var scope = NewDisposeScope();
        grey.call(x).shape.Should().Equal(2, 1000);
    }

    [Fact]
    public void Inconsistent_settings_are_rejected()
    {
        var mismatch = () => ResNetBuilder.Create().WithLayers(2, 2, 2).Build();
        mismatch.Should().Throw<InvalidOperationException>().WithMessage("*3 stages*4 widths*");
        var empty = () => ResNetBuilder.Create().WithLayers(2, 0);
        empty.Should().Throw<ArgumentException>();
        var dropout = () => ResNetBuilder.Create().WithDropout(1.0);
        dropout.Should().Throw<ArgumentOutOfRangeException>();
        var notABlock = () => Small().WithBlockFactory(_ => nn.Identity()).Build();
        notABlock.Should().Throw<InvalidOperationException>().WithMessage("*Identity*IResidualBlock*");
        var noSpecConstructor = () => ResNetBuilder.Create().WithBlock<BlockWithoutSpecConstructor>();
        noSpecConstructor.Should().Throw<ArgumentException>().WithMessage("*BlockWithoutSpecConstructor*ResidualBlockSpec*WithBlockFactory*");
    }

    private sealed class BlockWithoutSpecConstructor(long inplanes, long planes) : BasicBlock(inplanes, planes);
}
