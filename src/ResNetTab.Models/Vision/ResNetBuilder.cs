using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using static TorchSharp.torch;

namespace ResNetTab.Models.Vision;

/// <summary>
/// Fluent construction of <see cref="ResNet"/> networks.
/// </summary>
/// <remarks>
/// <para>Defaults: <see cref="BasicBlock"/>, stages 2-2-2-2 with widths 64-128-256-512,
/// torchvision's ImageNet stem, 3 input channels, 1000 classes, no dropout — that is, ResNet-18.</para>
/// <example><code>
/// var net = ResNetBuilder.Create()
///     .WithBlock&lt;BasicBlock&gt;()
///     .WithLayers(2, 2, 2, 2)
///     .WithCifarStem()
///     .WithClasses(10)
///     .Build();
/// </code></example>
/// </remarks>
public sealed class ResNetBuilder
{
    private ResidualBlockFactory blockFactory = spec => new BasicBlock(spec);
    private int[] layers = [2, 2, 2, 2];
    private long[] widths = [64, 128, 256, 512];
    private ResNetStem stem = ResNetStem.ImageNet;
    private long? stemWidth;
    private long inputChannels = 3;
    private long? classes = 1000;
    private bool zeroInitResidual;
    private double dropout;
    private long groups = 1;
    private long widthPerGroup = 64;
    private bool[]? replaceStrideWithDilation;
    private Func<long, nn.Module<Tensor, Tensor>>? normLayer;

    private ResNetBuilder()
    {
    }

    /// <summary>Starts a builder with the defaults (a ResNet-18 for 1000 classes).</summary>
    /// <returns>A new builder.</returns>
    public static ResNetBuilder Create() => new();

    /// <summary>A builder preset to ResNet-18: basic blocks 2-2-2-2.</summary>
    /// <returns>A new builder.</returns>
    public static ResNetBuilder ResNet18() => Create().WithBlock<BasicBlock>().WithLayers(2, 2, 2, 2);

    /// <summary>A builder preset to ResNet-34: basic blocks 3-4-6-3.</summary>
    /// <returns>A new builder.</returns>
    public static ResNetBuilder ResNet34() => Create().WithBlock<BasicBlock>().WithLayers(3, 4, 6, 3);

    /// <summary>A builder preset to ResNet-50: bottleneck blocks 3-4-6-3.</summary>
    /// <returns>A new builder.</returns>
    public static ResNetBuilder ResNet50() => Create().WithBlock<BottleneckBlock>().WithLayers(3, 4, 6, 3);

    /// <summary>A builder preset to ResNet-101: bottleneck blocks 3-4-23-3.</summary>
    /// <returns>A new builder.</returns>
    public static ResNetBuilder ResNet101() => Create().WithBlock<BottleneckBlock>().WithLayers(3, 4, 23, 3);

    /// <summary>A builder preset to ResNet-152: bottleneck blocks 3-8-36-3.</summary>
    /// <returns>A new builder.</returns>
    public static ResNetBuilder ResNet152() => Create().WithBlock<BottleneckBlock>().WithLayers(3, 8, 36, 3);

    /// <summary>
    /// Uses blocks of type <typeparamref name="TBlock"/>, created through its public constructor taking a
    /// <see cref="ResidualBlockSpec"/> (as <see cref="BasicBlock"/> and <see cref="BottleneckBlock"/> have).
    /// </summary>
    /// <typeparam name="TBlock">The block type.</typeparam>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TBlock"/> has no public constructor taking a <see cref="ResidualBlockSpec"/>.</exception>
    public ResNetBuilder WithBlock<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TBlock>()
        where TBlock : nn.Module<Tensor, Tensor>, IResidualBlock
    {
        var ctor = typeof(TBlock).GetConstructor([typeof(ResidualBlockSpec)]);
        if (ctor is null || typeof(TBlock).IsAbstract)
            throw new ArgumentException(
                $"{typeof(TBlock).Name} needs a public constructor {typeof(TBlock).Name}({nameof(ResidualBlockSpec)} spec) to be used with " +
                $"{nameof(WithBlock)}; otherwise pass a factory to {nameof(WithBlockFactory)}.", nameof(TBlock));
        blockFactory = spec =>
        {
            try
            {
                return (TBlock)ctor.Invoke([spec]);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        };
        return this;
    }

    /// <summary>Uses <paramref name="factory"/> to create every block (e.g. a block with extra constructor arguments).</summary>
    /// <param name="factory">Creates a block from its specification; the block must implement <see cref="IResidualBlock"/>.</param>
    /// <returns>This builder.</returns>
    public ResNetBuilder WithBlockFactory(ResidualBlockFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        blockFactory = factory;
        return this;
    }

    /// <summary>Sets the number of blocks of each stage (e.g. 2, 2, 2, 2 for ResNet-18); one entry per stage.</summary>
    /// <param name="blocksPerStage">Blocks per stage, each at least 1.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">No stage is given or a stage has fewer than one block.</exception>
    public ResNetBuilder WithLayers(params int[] blocksPerStage)
    {
        ArgumentNullException.ThrowIfNull(blocksPerStage);
        if (blocksPerStage.Length == 0) throw new ArgumentException("At least one stage is needed.", nameof(blocksPerStage));
        if (blocksPerStage.Any(b => b < 1))
            throw new ArgumentException($"Every stage needs at least one block, got [{string.Join(", ", blocksPerStage)}].", nameof(blocksPerStage));
        layers = [.. blocksPerStage];
        return this;
    }

    /// <summary>Sets the base width ("planes") of each stage (64, 128, 256, 512 for the presets); one entry per stage.</summary>
    /// <param name="planesPerStage">Widths, each positive.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">No width is given or a width is not positive.</exception>
    public ResNetBuilder WithWidths(params long[] planesPerStage)
    {
        ArgumentNullException.ThrowIfNull(planesPerStage);
        if (planesPerStage.Length == 0) throw new ArgumentException("At least one stage width is needed.", nameof(planesPerStage));
        if (planesPerStage.Any(w => w < 1))
            throw new ArgumentException($"Stage widths must be positive, got [{string.Join(", ", planesPerStage)}].", nameof(planesPerStage));
        widths = [.. planesPerStage];
        return this;
    }

    /// <summary>Uses torchvision's ImageNet stem: 7×7 convolution with stride 2, norm, ReLU, 3×3 max-pool with stride 2 (the default).</summary>
    /// <returns>This builder.</returns>
    public ResNetBuilder WithImageNetStem()
    {
        stem = ResNetStem.ImageNet;
        return this;
    }

    /// <summary>Uses the CIFAR stem: 3×3 convolution with stride 1, norm, ReLU and no max-pool, for small (32×32) images.</summary>
    /// <returns>This builder.</returns>
    public ResNetBuilder WithCifarStem()
    {
        stem = ResNetStem.Cifar;
        return this;
    }

    /// <summary>Sets the output channels of the stem convolution (by default the first stage's width, 64 for the presets).</summary>
    /// <param name="channels">Positive channel count.</param>
    /// <returns>This builder.</returns>
    public ResNetBuilder WithStemWidth(long channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        stemWidth = channels;
        return this;
    }

    /// <summary>Sets the channels of the input images (3 by default; 1 for grey-scale).</summary>
    /// <param name="channels">Positive channel count.</param>
    /// <returns>This builder.</returns>
    public ResNetBuilder WithInputChannels(long channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        inputChannels = channels;
        return this;
    }

    /// <summary>Adds a classification head <c>fc</c> with <paramref name="count"/> outputs (1000 by default).</summary>
    /// <param name="count">Positive number of classes.</param>
    /// <returns>This builder.</returns>
    public ResNetBuilder WithClasses(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        classes = count;
        return this;
    }

    /// <summary>Builds the network without a head: <c>forward</c> returns the pooled embedding and there is no <c>fc</c>.</summary>
    /// <returns>This builder.</returns>
    public ResNetBuilder AsFeatureExtractor()
    {
        classes = null;
        return this;
    }

    /// <summary>Zeroes the last normalisation weight of every block so each block starts as the identity (torchvision's <c>zero_init_residual</c>).</summary>
    /// <param name="enabled">Whether to zero-initialise.</param>
    /// <returns>This builder.</returns>
    public ResNetBuilder WithZeroInitResidual(bool enabled = true)
    {
        zeroInitResidual = enabled;
        return this;
    }

    /// <summary>Applies dropout with probability <paramref name="p"/> to the embedding before the head (registered as <c>dropout</c>); 0 disables it.</summary>
    /// <param name="p">Drop probability in [0, 1).</param>
    /// <returns>This builder.</returns>
    public ResNetBuilder WithDropout(double p)
    {
        if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1).");
        dropout = p;
        return this;
    }

    /// <summary>Sets the groups of the 3×3 convolutions of bottleneck blocks (ResNeXt; 1 by default).</summary>
    /// <param name="count">Positive number of groups.</param>
    /// <returns>This builder.</returns>
    public ResNetBuilder WithGroups(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        groups = count;
        return this;
    }

    /// <summary>Sets the width per group of bottleneck blocks (64 by default; 4 for ResNeXt-50 32×4d, 128 for Wide ResNet-50-2).</summary>
    /// <param name="width">Positive width.</param>
    /// <returns>This builder.</returns>
    public ResNetBuilder WithWidthPerGroup(long width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        widthPerGroup = width;
        return this;
    }

    /// <summary>
    /// Replaces the stride-2 down-sampling of stages 2, 3, … with dilation (torchvision's
    /// <c>replace_stride_with_dilation</c>; one flag per stage after the first).
    /// </summary>
    /// <param name="flags">One flag per stage after the first.</param>
    /// <returns>This builder.</returns>
    public ResNetBuilder WithStrideReplacedByDilation(params bool[] flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        replaceStrideWithDilation = [.. flags];
        return this;
    }

    /// <summary>Sets the normalisation layer used in the stem and every block (BatchNorm2d by default).</summary>
    /// <param name="factory">Creates a normalisation layer for a channel count.</param>
    /// <returns>This builder.</returns>
    public ResNetBuilder WithNormLayer(Func<long, nn.Module<Tensor, Tensor>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        normLayer = factory;
        return this;
    }

    /// <summary>Creates the network, initialised as torchvision's ResNet.</summary>
    /// <returns>The network (in training mode).</returns>
    /// <exception cref="InvalidOperationException">The settings are inconsistent (e.g. different numbers of stages and widths).</exception>
    public ResNet Build()
    {
        if (layers.Length != widths.Length)
            throw new InvalidOperationException(
                $"WithLayers gave {layers.Length} stages but WithWidths gave {widths.Length} widths; give one width per stage.");
        var dilation = replaceStrideWithDilation ?? new bool[layers.Length - 1];
        if (dilation.Length != layers.Length - 1)
            throw new InvalidOperationException(
                $"WithStrideReplacedByDilation needs one flag per stage after the first ({layers.Length - 1}), got {dilation.Length}.");
        return new ResNet(new Settings(blockFactory, layers, widths, stem, stemWidth, inputChannels, classes, zeroInitResidual, dropout,
            groups, widthPerGroup, dilation, normLayer));
    }

    internal sealed record Settings(
        ResidualBlockFactory BlockFactory,
        int[] Layers,
        long[] Widths,
        ResNetStem Stem,
        long? StemWidth,
        long InputChannels,
        long? Classes,
        bool ZeroInitResidual,
        double Dropout,
        long Groups,
        long WidthPerGroup,
        bool[] ReplaceStrideWithDilation,
        Func<long, nn.Module<Tensor, Tensor>>? NormLayer);
}
