using ResNetTab.Models.Vision;
using ResNetTab.Engine.StateDicts;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Vision;

/// <summary>A squeeze-and-excitation gate: global pooling → 1×1 conv → ReLU → 1×1 conv → sigmoid → rescale.</summary>
internal sealed class SqueezeExcitation : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d fc1;
    private readonly Conv2d fc2;

    public SqueezeExcitation(long channels, long hidden) : base(nameof(SqueezeExcitation))
    {
        fc1 = nn.Conv2d(channels, hidden, 1);
        fc2 = nn.Conv2d(hidden, channels, 1);
    }

    public override Tensor forward(Tensor input)
    {
        using var pooled = nn.functional.adaptive_avg_pool2d(input, 1);
        using var squeezed = fc1.call(pooled);
        using var activated = squeezed.relu();
        using var excited = fc2.call(activated);
        using var gate = excited.sigmoid();
        return input * gate;
    }
}

/// <summary>A basic block whose residual branch is rescaled by squeeze-and-excitation (SE-ResNet).</summary>
internal sealed class SqueezeExcitationTestBlock : BasicBlock
{
    private readonly SqueezeExcitation se;

    public SqueezeExcitationTestBlock(ResidualBlockSpec spec) : base(spec)
    {
        se = new SqueezeExcitation(OutChannels, Math.Max(1, OutChannels / 4));
    }

    public int BranchCalls { get; private set; }

    protected override Tensor ResidualBranch(Tensor x)
    {
        BranchCalls++;
        using var branch = base.ResidualBranch(x);
        return se.call(branch);
    }
}
