using static TorchSharp.torch;

namespace ResNetTab.Models.Vision;

/// <summary>
/// What a network builder needs to know about a residual block: its input and output widths and
/// how to zero-initialise its residual branch. Implemented by <see cref="ResidualBlock"/>; a block
/// written from scratch (any <see cref="nn.Module{T, TResult}"/>) can implement it too and still be
/// used with <see cref="ResNetBuilder.WithBlockFactory"/>.
/// </summary>
public interface IResidualBlock
{
    /// <summary>Ratio of output channels to <see cref="Planes"/> (1 for basic blocks, 4 for bottlenecks).</summary>
    int Expansion { get; }

    /// <summary>Channels of the block's input.</summary>
    long InPlanes { get; }

    /// <summary>The block's base width ("planes" in torchvision).</summary>
    long Planes { get; }

    /// <summary>Spatial stride of the block (1, or 2 at the start of a down-sampling stage).</summary>
    long Stride { get; }

    /// <summary>Channels of the block's output (<see cref="Planes"/> × <see cref="Expansion"/>).</summary>
    long OutChannels { get; }

    /// <summary>
    /// Sets the weight of the residual branch's last normalisation layer to zero, so that the block
    /// starts as the identity (torchvision's <c>zero_init_residual</c>).
    /// </summary>
    void ZeroInitLastNorm();
}
