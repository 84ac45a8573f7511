using ResNetTab.Models.Vision;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Samples.CustomBlock;

/// <summary>
/// Squeeze-and-excitation (Hu et al., 2018): global average pooling, a 1×1 bottleneck with ReLU,
/// a 1×1 expansion with sigmoid, and a per-channel rescaling of the input.
/// </summary>
internal sealed class SqueezeExcitation : nn.Module<Tensor, Tensor>
{
    // Module fields register automatically under their names: se.fc1.*, se.fc2.*.
    private readonly Conv2d fc1;
    private readonly Conv2d fc2;

    public SqueezeExcitation(long channels, long reduction) : base(nameof(SqueezeExcitation))
    {
        var hidden = Math.Max(1, channels / reduction);
        fc1 = nn.Conv2d(channels, hidden, 1);
        fc2 = nn.Conv2d(hidden, channels, 1);
    }

    public override Tensor forward(Tensor input)
    {
        using var squeezed = nn.functional.adaptive_avg_pool2d(input, 1);
        using var reduced = fc1.call(squeezed);
        using var activated = reduced.relu();
        using var expanded = fc2.call(activated);
        using var gate = expanded.sigmoid();
        return input * gate;
    }
}

/// <summary>
/// A basic residual block whose branch is recalibrated by squeeze-and-excitation before the
/// shortcut is added: only <see cref="ResidualBranch"/> is overridden; the shortcut, the addition
/// and the final ReLU come from <see cref="BasicBlock"/>.
/// </summary>
internal sealed class SqueezeExcitationBlock : BasicBlock
{
    private readonly SqueezeExcitation se;

    /// <summary>The constructor <c>ResNetBuilder.WithBlock&lt;T&gt;()</c> looks for.</summary>
    public SqueezeExcitationBlock(ResidualBlockSpec spec) : this(spec, reduction: 16)
    {
    }

    public SqueezeExcitationBlock(ResidualBlockSpec spec, long reduction) : base(spec)
    {
        se = new SqueezeExcitation(OutChannels, reduction);
    }

    protected override Tensor ResidualBranch(Tensor x)
    {
        using var branch = base.ResidualBranch(x); // conv1 → bn1 → ReLU → conv2 → bn2
        return se.call(branch);
    }
}
