using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ResNetTab.Models.Vision;

/// <summary>
/// The residual block of ResNet-50/101/152 (torchvision's <c>Bottleneck</c>): 1×1 conv (reduce) →
/// norm → ReLU → 3×3 conv → norm → ReLU → 1×1 conv (expand ×4) → norm, plus the shortcut, then ReLU.
/// </summary>
/// <remarks>
/// <para>By default the stride sits on the 3×3 convolution (torchvision's "ResNet v1.5"); pass
/// <c>stride_on_3x3: false</c> for the original paper's placement on the first 1×1 convolution.</para>
/// <para>The inner width is <c>planes × base_width / 64 × groups</c>, so ResNeXt and Wide ResNet
/// variants are expressed through <c>groups</c> and <c>base_width</c>. State-dict names are
/// torchvision's: <c>conv1..3</c>, <c>bn1..3</c>, <c>downsample.0/1</c>.</para>
/// </remarks>
public class BottleneckBlock : ResidualBlock
{
    /// <summary>The expansion of bottleneck blocks: output channels are 4 × <c>planes</c>.</summary>
    public const int BlockExpansion = 4;

    /// <summary>Creates the block.</summary>
    /// <param name="inplanes">Channels of the input.</param>
    /// <param name="planes">Base width; the output has 4 × planes channels.</param>
    /// <param name="stride">Stride of the block (on the 3×3 convolution, or the first 1×1 one).</param>
    /// <param name="groups">Groups of the 3×3 convolution.</param>
    /// <param name="base_width">Width per group (64 for ResNet).</param>
    /// <param name="dilation">Dilation of the 3×3 convolution.</param>
    /// <param name="norm_layer">Creates a normalisation layer for a channel count; BatchNorm2d when null.</param>
    /// <param name="stride_on_3x3">True (default) for torchvision's v1.5 placement of the stride; false for the original paper's.</param>
    public BottleneckBlock(long inplanes, long planes, long stride = 1, long groups = 1, long base_width = 64, long dilation = 1,
        Func<long, nn.Module<Tensor, Tensor>>? norm_layer = null, bool stride_on_3x3 = true)
        : base(inplanes, planes, stride)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groups);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(base_width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dilation);
        var norm = norm_layer ?? DefaultNorm;
        StrideOn3x3 = stride_on_3x3;
        Width = (long)(planes * (base_width / 64.0)) * groups;
        conv1 = Register(nameof(conv1), VisionLayers.Conv1x1(inplanes, Width, stride_on_3x3 ? 1 : stride));
        bn1 = Register(nameof(bn1), norm(Width));
        conv2 = Register(nameof(conv2), VisionLayers.Conv3x3(Width, Width, stride_on_3x3 ? stride : 1, groups, dilation));
        bn2 = Register(nameof(bn2), norm(Width));
        conv3 = Register(nameof(conv3), VisionLayers.Conv1x1(Width, planes * BlockExpansion));
        bn3 = Register(nameof(bn3), norm(planes * BlockExpansion));
        relu = Register(nameof(relu), nn.ReLU(inplace: true));
        CreateDownsample(norm);
    }

    /// <summary>Creates the block from a builder's specification (stride on the 3×3 convolution).</summary>
    /// <param name="spec">Widths, stride, groups, width per group, dilation and normalisation factory.</param>
    public BottleneckBlock(ResidualBlockSpec spec) : this(spec, stride_on_3x3: true)
    {
    }

    /// <summary>Creates the block from a builder's specification.</summary>
    /// <param name="spec">Widths, stride, groups, width per group, dilation and normalisation factory.</param>
    /// <param name="stride_on_3x3">True for torchvision's v1.5 placement of the stride; false for the original paper's.</param>
    public BottleneckBlock(ResidualBlockSpec spec, bool stride_on_3x3)
        : this(NotNull(spec).InPlanes, spec.Planes, spec.Stride, spec.Groups, spec.BaseWidth, spec.Dilation, spec.NormLayer, stride_on_3x3)
    {
    }

    /// <inheritdoc />
    public override int Expansion => BlockExpansion;

    /// <summary>Channels inside the bottleneck (planes × base_width / 64 × groups).</summary>
    public long Width { get; }

    /// <summary>Whether the stride is on the 3×3 convolution (v1.5) rather than on the first 1×1 convolution.</summary>
    public bool StrideOn3x3 { get; }

    /// <summary>1×1 reducing convolution.</summary>
    [field: ComponentName(Name = nameof(conv1))]
    public Conv2d conv1 { get; }

    /// <summary>Normalisation after <see cref="conv1"/>.</summary>
    [field: ComponentName(Name = nameof(bn1))]
    public nn.Module<Tensor, Tensor> bn1 { get; }

    /// <summary>3×3 convolution (grouped, dilated).</summary>
    [field: ComponentName(Name = nameof(conv2))]
    public Conv2d conv2 { get; }

    /// <summary>Normalisation after <see cref="conv2"/>.</summary>
    [field: ComponentName(Name = nameof(bn2))]
    public nn.Module<Tensor, Tensor> bn2 { get; }

    /// <summary>1×1 expanding convolution.</summary>
    [field: ComponentName(Name = nameof(conv3))]
    public Conv2d conv3 { get; }

    /// <summary>Normalisation after <see cref="conv3"/>; zeroed by <c>zero_init_residual</c>.</summary>
    [field: ComponentName(Name = nameof(bn3))]
    public nn.Module<Tensor, Tensor> bn3 { get; }

    /// <summary>The ReLU inside the residual branch (applied in place to the normalised activations).</summary>
    [field: ComponentName(Name = nameof(relu))]
    public ReLU relu { get; }

    /// <inheritdoc />
    protected override nn.Module<Tensor, Tensor>? LastNorm => bn3;

    /// <summary>conv1 → bn1 → ReLU → conv2 → bn2 → ReLU → conv3 → bn3.</summary>
    /// <param name="x">The block's input.</param>
    /// <returns>The branch output.</returns>
    protected override Tensor ResidualBranch(Tensor x) => VisionLayers.Apply(x, conv1, bn1, relu, conv2, bn2, relu, conv3, bn3);

    private static ResidualBlockSpec NotNull(ResidualBlockSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec;
    }
}
