using ResNetTab.Models.Vision;
using ResNetTab.Engine.StateDicts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Vision;

public sealed class ResidualBlockTests
{
    [Fact]
    public void Basic_block_without_projection_has_torchvision_names()
    {
        using var block = new BasicBlock(64, 64);
        block.downsample.Should().BeNull();
        block.Expansion.Should().Be(1);
        block.OrderedStateDict().Keys.Should().Equal(
            "conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked",
            "conv2.weight", "bn2.weight", "bn2.bias", "bn2.running_mean", "bn2.running_var", "bn2.num_batches_tracked");
    }

    [Fact]
    public void Projection_shortcut_appears_when_stride_or_width_changes()
    {
        using var scope = NewDisposeScope();
        using var strided = new BasicBlock(64, 128, stride: 2);
        strided.downsample.Should().NotBeNull();
        var sd = strided.OrderedStateDict();
        sd["downsample.0.weight"].shape.Should().Equal(128, 64, 1, 1);
        sd.Keys.Should().EndWith(["downsample.0.weight", "downsample.1.weight", "downsample.1.bias", "downsample.1.running_mean",
            "downsample.1.running_var", "downsample.1.num_batches_tracked"]);
        strided.call(randn(2, 64, 8, 8)).shape.Should().Equal(2, 128, 4, 4);

        using var widened = new BottleneckBlock(64, 64);
        widened.downsample.Should().NotBeNull("64 input channels become 256");
        ((Conv2d)widened.downsample![0]).stride.Should().Equal(1, 1);
        widened.call(randn(1, 64, 8, 8)).shape.Should().Equal(1, 256, 8, 8);

        using var same = new BottleneckBlock(256, 64);
        same.downsample.Should().BeNull();
    }

    [Fact]
    public void Bottleneck_places_the_stride_on_the_3x3_or_on_the_first_1x1()
    {
        using var scope = NewDisposeScope();
        using var v15 = new BottleneckBlock(256, 128, stride: 2);
        using var original = new BottleneckBlock(256, 128, stride: 2, stride_on_3x3: false);
        v15.conv1.stride.Should().Equal(1, 1);
        v15.conv2.stride.Should().Equal(2, 2);
        original.conv1.stride.Should().Equal(2, 2);
        original.conv2.stride.Should().Equal(1, 1);
        var x = randn(1, 256, 8, 8);
        v15.call(x).shape.Should().Equal(1, 512, 4, 4);
        original.call(x).shape.Should().Equal(1, 512, 4, 4);
        v15.OrderedStateDict().Keys.Should().Equal(original.OrderedStateDict().Keys);
    }

    [Fact]
    public void Norm_layer_factory_is_used_everywhere()
    {
        var created = new List<long>();
        using var block = new BottleneckBlock(64, 32, stride: 2, norm_layer: c =>
        {
            created.Add(c);
            return nn.BatchNorm2d(c, eps: 1e-3);
        });
        created.Should().Equal(32, 32, 128, 128);
        var norms = block.modules().OfType<BatchNorm2d>().ToList();
        norms.Should().HaveCount(4);
        norms.Select(b => b.eps).Should().OnlyContain(e => e == 1e-3);
    }

    [Fact]
    public void Basic_block_rejects_groups_and_width()
    {
        var act = () => new BasicBlock(64, 64, groups: 2);
        act.Should().Throw<ArgumentException>().WithMessage("*groups=1 and base_width=64*");
    }

    [Fact]
    public void Block_output_is_relu_of_branch_plus_identity()
    {
        using var scope = NewDisposeScope();
        using var block = new BasicBlock(8, 8);
        block.eval();
        using var _ = no_grad();
        var x = randn(2, 8, 5, 5);
        var branch = block.bn2.call(block.conv2.call(block.bn1.call(block.conv1.call(x)).relu()));
        var expected = (branch + x).relu();
        block.call(x).allclose(expected, rtol: 1e-5, atol: 1e-6).Should().BeTrue();
        x.abs().sum().item<float>().Should().BeGreaterThan(0, "the input is not modified or disposed");
    }

    [Fact]
    public void Overridden_pieces_change_the_computation()
    {
        using var scope = NewDisposeScope();
        using var block = new ScaledResidualBlock(8, 8);
        block.eval();
        using var _ = no_grad();
        var x = randn(2, 8, 5, 5).abs();
        block.call(x).allclose(x, rtol: 1e-6, atol: 1e-7).Should().BeTrue("a zero-scaled branch and identity activation leave the input");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Inference_in_place_merge_gives_the_recorded_result_and_leaves_the_input(bool bottleneck)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using nn.Module<Tensor, Tensor> block = bottleneck ? new BottleneckBlock(32, 8) : new BasicBlock(32, 32);
        block.eval();
        var x = randn(2, 32, 6, 6);
        var copy = x.clone();
        Tensor recorded;
        using (enable_grad()) recorded = block.call(x).detach();
        Tensor inference;
        using (no_grad()) inference = block.call(x);
        inference.allclose(recorded, rtol: 0, atol: 0).Should().BeTrue("in place and out of place compute the same sum");
        x.allclose(copy, rtol: 0, atol: 0).Should().BeTrue("the shortcut is the input itself: it must not be modified");
        inference.min().item<float>().Should().Be(0f, "ReLU ran");
    }

    [Fact]
    public void A_branch_that_returns_its_input_does_not_let_the_merge_modify_it()
    {
        using var scope = NewDisposeScope();
        using var block = new IdentityBranchBlock(4, 4);
        using var _ = no_grad();
        var x = randn(2, 4, 3, 3);
        var copy = x.clone();
        block.call(x).allclose((copy * 2).relu()).Should().BeTrue();
        x.allclose(copy, rtol: 0, atol: 0).Should().BeTrue();
    }

    /// <summary>F(x) = x, so the block computes relu(2x).</summary>
    private sealed class IdentityBranchBlock(long inplanes, long planes) : BasicBlock(inplanes, planes)
    {
        protected override Tensor ResidualBranch(Tensor x) => x;
    }

    /// <summary>Multiplies the branch by a learnable scalar (0 here) and uses no final activation.</summary>
    private sealed class ScaledResidualBlock : BasicBlock
    {
        private readonly Parameter scale;

        public ScaledResidualBlock(long inplanes, long planes) : base(inplanes, planes) => scale = nn.Parameter(zeros(1));

        protected override Tensor Combine(Tensor residual, Tensor identity) => residual * scale + identity;

        protected override Tensor Activate(Tensor x) => x.clone();
    }
}
