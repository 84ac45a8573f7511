using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ResNetTab.Models.Vision;

/// <summary>
/// The residual block of ResNet-18/34 (torchvision's <c>BasicBlock</c>): 3×3 conv → norm → ReLU →
/// 3×3 conv → norm, plus the shortcut, then ReLU. Expansion 1.
/// </summary>
/// <remarks>
/// State-dict names are torchvision's: <c>conv1</c>, <c>bn1</c>, <c>conv2</c>, <c>bn2</c> and, when the
/// block projects its shortcut, <c>downsample.0</c> (1×1 conv) and <c>downsample.1</c> (norm). See
/// <see cref="ResidualBlock"/> for the overridable pieces.
/// </remarks>
public class BasicBlock : ResidualBlock
{
    /// <summary>The expansion of basic blocks: output channels equal <c>planes</c>.</summary>
    public const int BlockExpansion = 1;

    /// <summary>Creates the block.</summary>
    /// <param name="inplanes">Channels of the input.</param>
    /// <param name="planes">Channels of both convolutions and of the output.</param>
    /// <param name="stride">Stride of the first convolution (and of the projection shortcut).</param>
    /// <param name="groups">Convolution groups; torchvision's basic block supports only 1.</param>
    /// <param name="base_width">Width per group; torchvision's basic block supports only 64.</param>
    /// <param name="dilation">Dilation of the 3×3 convolutions (torchvision allows only 1; supported here).</param>
    /// <param name="norm_layer">Creates a normalisation layer for a channel count; BatchNorm2d when null.</param>
    /// <exception cref="ArgumentException"><paramref name="groups"/> is not 1 or <paramref name="base_width"/> is not 64.</exception>
    public BasicBlock(long inplanes, long planes, long stride = 1, long groups = 1, long base_width = 64, long dilation = 1,
        Func<long, nn.Module<Tensor, Tensor>>? norm_layer = null)
        : base(inplanes, planes, stride)
    {
        if (groups != 1 || base_width != 64)
            throw new ArgumentException($"BasicBlock only supports groups=1 and base_width=64, got groups={groups}, base_width={base_width}");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dilation);
        var norm = norm_layer ?? DefaultNorm;
        conv1 = Register(nameof(conv1), VisionLayers.Conv3x3(inplanes, planes, stride, 1, dilation));
        bn1 = Register(nameof(bn1), norm(planes));
        relu = Register(nameof(relu), nn.ReLU(inplace: true));
        conv2 = Register(nameof(conv2), VisionLayers.Conv3x3(planes, planes, 1, 1, dilation));
        bn2 = Register(nameof(bn2), norm(planes));
        CreateDownsample(norm);
    }

    /// <summary>Creates the block from a builder's specification.</summary>
    /// <param name="spec">Widths, stride, groups, width per group, dilation and normalisation factory.</param>
    public BasicBlock(ResidualBlockSpec spec)
        : this(NotNull(spec).InPlanes, spec.Planes, spec.Stride, spec.Groups, spec.BaseWidth, spec.Dilation, spec.NormLayer)
    {
    }

    /// <inheritdoc />
    public override int Expansion => BlockExpansion;

    /// <summary>First 3×3 convolution (carries the stride).</summary>
    [field: ComponentName(Name = nameof(conv1))]
    public Conv2d conv1 { get; }

    /// <summary>Normalisation after <see cref="conv1"/>.</summary>
    [field: ComponentName(Name = nameof(bn1))]
    public nn.Module<Tensor, Tensor> bn1 { get; }

    /// <summary>The ReLU inside the residual branch (applied in place to the normalised activations).</summary>
    [field: ComponentName(Name = nameof(relu))]
    public ReLU relu { get; }

    /// <summary>Second 3×3 convolution.</summary>
    [field: ComponentName(Name = nameof(conv2))]
    public Conv2d conv2 { get; }

    /// <summary>Normalisation after <see cref="conv2"/>; zeroed by <c>zero_init_residual</c>.</summary>
    [field: ComponentName(Name = nameof(bn2))]
    public nn.Module<Tensor, Tensor> bn2 { get; }

    /// <inheritdoc />
    protected override nn.Module<Tensor, Tensor>? LastNorm => bn2;

    /// <summary>conv1 → bn1 → ReLU → conv2 → bn2.</summary>
    /// <param name="x">The block's input.</param>
    /// <returns>The branch output.</returns>
    protected override Tensor ResidualBranch(Tensor x) => VisionLayers.Apply(x, conv1, bn1, relu, conv2, bn2);

    private static ResidualBlockSpec NotNull(ResidualBlockSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec;
    }
}
