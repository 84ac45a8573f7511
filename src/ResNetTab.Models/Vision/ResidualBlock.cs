using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ResNetTab.Models.Vision;

/// <summary>
/// Base class of residual blocks: <c>y = Activate(Combine(ResidualBranch(x), Shortcut(x)))</c>.
/// </summary>
/// <remarks>
/// <para><b>Extension points.</b> Subclass <see cref="BasicBlock"/> or <see cref="BottleneckBlock"/>
/// (or this class) and override any of:</para>
/// <list type="bullet">
/// <item><description><see cref="ResidualBranch"/> — the convolutions of the block, F(x). Override and call
/// the base to post-process the branch (e.g. squeeze-and-excitation), or replace it.</description></item>
/// <item><description><see cref="Shortcut"/> — the identity path: the input itself, or the
/// projection <see cref="downsample"/> (1×1 convolution + normalisation) when the stride is not 1 or
/// the channel count changes.</description></item>
/// <item><description><see cref="ResidualModule.Combine"/> — how the two paths merge (addition by default; e.g.
/// stochastic depth or a learnable residual scale).</description></item>
/// <item><description><see cref="Activate"/> — the non-linearity after the merge (ReLU by default).</description></item>
/// <item><description><see cref="LastNorm"/> / <see cref="ZeroInitLastNorm"/> — what
/// <c>zero_init_residual</c> zeroes.</description></item>
/// </list>
/// <para>Submodules a subclass declares as fields (or registers with <c>register_module</c>) are
/// registered after the base block's, so the torchvision names of the base block
/// (<c>conv1</c>, <c>bn1</c>, …, <c>downsample.0</c>, <c>downsample.1</c>) stay unchanged and
/// appear first in the state dict.</para>
/// <para>Tensors returned by the overridable pieces are disposed by <see cref="ResidualModule.forward"/> once used,
/// unless a piece returns its own input (which is then left to the caller).</para>
/// </remarks>
public abstract class ResidualBlock : ResidualModule, IResidualBlock
{
    /// <summary>Records the block's widths and stride; a subclass creates and registers its layers.</summary>
    /// <param name="inplanes">Channels of the block's input.</param>
    /// <param name="planes">Base width of the block.</param>
    /// <param name="stride">Spatial stride of the block.</param>
    /// <exception cref="ArgumentOutOfRangeException">A width or the stride is not positive.</exception>
    protected ResidualBlock(long inplanes, long planes, long stride) : base(nameof(ResidualBlock))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inplanes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(planes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        InPlanes = inplanes;
        Planes = planes;
        Stride = stride;
    }

    /// <inheritdoc />
    public abstract int Expansion { get; }

    /// <inheritdoc />
    public long InPlanes { get; }

    /// <inheritdoc />
    public long Planes { get; }

    /// <inheritdoc />
    public long Stride { get; }

    /// <inheritdoc />
    public long OutChannels => Planes * Expansion;

    /// <summary>
    /// The projection shortcut (<c>Sequential(conv1x1, norm)</c>, registered as <c>downsample</c>), or
    /// null when the shortcut is the identity.
    /// </summary>
    [field: ComponentName(Name = nameof(downsample))]
    public Sequential? downsample { get; private set; }

    /// <summary>
    /// The residual branch's last normalisation layer (zeroed by <see cref="ZeroInitLastNorm"/>), or
    /// null when it has none.
    /// </summary>
    protected abstract nn.Module<Tensor, Tensor>? LastNorm { get; }

    /// <summary>The residual branch F(x): the block's convolutions and normalisations.</summary>
    /// <param name="x">The block's input (do not modify it in place).</param>
    /// <returns>F(x), with <see cref="OutChannels"/> channels and the block's stride applied.</returns>
    protected abstract override Tensor ResidualBranch(Tensor x);

    /// <summary>
    /// The shortcut path: the input itself, or <see cref="downsample"/>(x) when the block
    /// changes resolution or width.
    /// </summary>
    /// <param name="x">The block's input.</param>
    /// <returns>A tensor shaped as the residual branch's output.</returns>
    protected override Tensor Shortcut(Tensor x) => downsample is null ? x : downsample.call(x);

    /// <summary>
    /// The activation after the merge; ReLU by default, applied in place (the merged tensor is the
    /// block's own: a fresh sum while recording gradients, whose backward does not need it).
    /// </summary>
    /// <param name="x">Output of <see cref="ResidualModule.Combine"/>; owned by the block (never its input or the shortcut), so it may be modified in place.</param>
    /// <returns>The block's output.</returns>
    protected override Tensor Activate(Tensor x) => nn.functional.relu(x, inplace: true);

    /// <inheritdoc />
    public virtual void ZeroInitLastNorm()
    {
        var norm = LastNorm;
        if (norm is null) return;
        foreach (var (name, p) in norm.named_parameters(recurse: false))
        {
            if (name != "weight") continue;
            using var _ = no_grad();
            p.zero_();
        }
    }

    /// <summary>
    /// Creates and registers <see cref="downsample"/> (1×1 convolution with the block's stride, then a
    /// normalisation layer) when the stride is not 1 or <see cref="InPlanes"/> differs from
    /// <see cref="OutChannels"/>. Subclass constructors call it after registering their own layers, so
    /// that <c>downsample</c> comes last in the state dict as in torchvision.
    /// </summary>
    /// <param name="normLayer">Creates the normalisation layer.</param>
    protected void CreateDownsample(Func<long, nn.Module<Tensor, Tensor>> normLayer)
    {
        ArgumentNullException.ThrowIfNull(normLayer);
        if (downsample is not null) throw new InvalidOperationException($"{GetType().Name} already has a downsample projection.");
        if (Stride == 1 && InPlanes == OutChannels) return;
        downsample = nn.Sequential(VisionLayers.Conv1x1(InPlanes, OutChannels, Stride), normLayer(OutChannels));
        register_module("downsample", downsample);
    }

    /// <summary>The default normalisation factory (BatchNorm2d with PyTorch's defaults).</summary>
    internal static Func<long, nn.Module<Tensor, Tensor>> DefaultNorm { get; } = c => nn.BatchNorm2d(c);
}
