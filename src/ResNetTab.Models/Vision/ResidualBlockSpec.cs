using static TorchSharp.torch;

namespace ResNetTab.Models.Vision;

/// <summary>
/// Everything a residual block needs to be constructed inside a network: the arguments of
/// torchvision's block constructors plus the block's position in the network.
/// </summary>
/// <param name="InPlanes">Channels of the block's input.</param>
/// <param name="Planes">The stage's base width ("planes"); the block outputs <c>Planes × expansion</c> channels.</param>
/// <param name="Stride">Spatial stride of the block (2 for the first block of a down-sampling stage, else 1).</param>
/// <param name="Groups">Groups of the 3×3 convolution (32 for ResNeXt-50 32×4d; 1 for ResNet).</param>
/// <param name="BaseWidth">Width per group (64 for ResNet, 128 for Wide ResNet-50-2).</param>
/// <param name="Dilation">Dilation of the 3×3 convolution.</param>
/// <param name="NormLayer">Creates a normalisation layer for a channel count (BatchNorm2d by default).</param>
/// <param name="StageIndex">Zero-based index of the stage the block belongs to.</param>
/// <param name="BlockIndex">Zero-based index of the block inside its stage.</param>
public sealed record ResidualBlockSpec(
    long InPlanes,
    long Planes,
    long Stride = 1,
    long Groups = 1,
    long BaseWidth = 64,
    long Dilation = 1,
    Func<long, nn.Module<Tensor, Tensor>>? NormLayer = null,
    int StageIndex = 0,
    int BlockIndex = 0);

/// <summary>
/// Creates one residual block of a network. The result must implement <see cref="IResidualBlock"/>
/// (every <see cref="ResidualBlock"/> does) so the builder knows its output width.
/// </summary>
/// <param name="spec">The block's constructor arguments and position.</param>
/// <returns>The block.</returns>
public delegate nn.Module<Tensor, Tensor> ResidualBlockFactory(ResidualBlockSpec spec);
