using ResNetTab.Models.Layers;
using ResNetTab.Engine.StateDicts;
using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ResNetTab.Models.Vision;

/// <summary>
/// A residual network for images, built by <see cref="ResNetBuilder"/> or the presets
/// (<see cref="ResNet18"/> … <see cref="ResNet152"/>).
/// </summary>
/// <remarks>
/// <para>Parameter and buffer names are torchvision's (<c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c>,
/// <c>layer2.0.downsample.0</c>, …, <c>fc</c>), in torchvision's order, so a torchvision state dict
/// loads by name with <c>load_state_dict</c>. Dropout before the head, when configured, is registered
/// as <c>dropout</c> (it has no parameters, so the state dict is unchanged).</para>
/// <para>Initialisation is torchvision's: convolutions kaiming_normal_(mode = "fan_out",
/// nonlinearity = "relu"), normalisation weights 1 and biases 0, optionally the last normalisation
/// of every block zeroed (<c>zero_init_residual</c>); <c>fc</c> keeps the default Linear initialisation.</para>
/// </remarks>
public sealed class ResNet : nn.Module<Tensor, Tensor>
{
    private readonly List<Sequential> stages;
    private readonly nn.Module<Tensor, Tensor>[] stemLayers;
    private readonly nn.Module<Tensor, Tensor>[] stageLayers;

    internal ResNet(ResNetBuilder.Settings s) : base(nameof(ResNet))
    {
        InputChannels = s.InputChannels;
        Stem = s.Stem;
        var norm = s.NormLayer ?? ResidualBlock.DefaultNorm;
        var inplanes = s.StemWidth ?? s.Widths[0];

        conv1 = Register(nameof(conv1), s.Stem == ResNetStem.ImageNet
            ? nn.Conv2d(s.InputChannels, inplanes, kernel_size: 7, stride: 2, padding: 3, bias: false)
            : nn.Conv2d(s.InputChannels, inplanes, kernel_size: 3, stride: 1, padding: 1, bias: false));
        bn1 = Register(nameof(bn1), norm(inplanes));
        relu = Register(nameof(relu), nn.ReLU(inplace: true));
        maxpool = s.Stem == ResNetStem.ImageNet ? Register(nameof(maxpool), nn.MaxPool2d(kernel_size: 3, stride: 2, padding: 1)) : null;
        stemLayers = maxpool is null ? [conv1, bn1, relu] : [conv1, bn1, relu, maxpool];

        stages = new List<Sequential>(s.Layers.Length);
        long dilation = 1;
        for (var stage = 0; stage < s.Layers.Length; stage++)
        {
            long stride = stage == 0 ? 1 : 2;
            var previousDilation = dilation;
            if (stage > 0 && s.ReplaceStrideWithDilation[stage - 1])
            {
                dilation *= stride;
                stride = 1;
            }
            var blocks = new List<nn.Module<Tensor, Tensor>>(s.Layers[stage]);
            for (var b = 0; b < s.Layers[stage]; b++)
            {
                var spec = new ResidualBlockSpec(inplanes, s.Widths[stage], b == 0 ? stride : 1, s.Groups, s.WidthPerGroup,
                    b == 0 ? previousDilation : dilation, norm, stage, b);
                var block = s.BlockFactory(spec) ?? throw new InvalidOperationException($"The block factory returned null for stage {stage}, block {b}.");
                if (block is not IResidualBlock rb)
                    throw new InvalidOperationException(
                        $"The block factory returned a {block.GetType().Name}, which does not implement {nameof(IResidualBlock)}; " +
                        $"derive the block from {nameof(ResidualBlock)} (or {nameof(BasicBlock)}/{nameof(BottleneckBlock)}) or implement the interface.");
                if (rb.InPlanes != inplanes)
                    throw new InvalidOperationException($"Block {stage}.{b} ({block.GetType().Name}) takes {rb.InPlanes} input channels, but the previous layer gives {inplanes}.");
                blocks.Add(ModuleRegistration.EnsureRegistered(block)); // Sequential does not register its children itself
                inplanes = rb.OutChannels;
            }
            stages.Add(Register("layer" + (stage + 1).ToString(CultureInfo.InvariantCulture), nn.Sequential([.. blocks])));
        }

        stageLayers = [.. stages];
        NumFeatures = inplanes;
        avgpool = Register(nameof(avgpool), nn.AdaptiveAvgPool2d(1));
        dropout = s.Dropout > 0 ? Register(nameof(dropout), new FastDropout(s.Dropout)) : null;
        fc = s.Classes is { } classes ? Register(nameof(fc), nn.Linear(inplanes, classes)) : null;

        Initialise(s.ZeroInitResidual);
    }

    /// <summary>A ResNet-18 (basic blocks 2-2-2-2, 11,689,512 parameters with 1000 classes) with torchvision's ImageNet stem.</summary>
    /// <param name="num_classes">Classes of the head.</param>
    /// <param name="zero_init_residual">Zero the last normalisation of every block.</param>
    /// <returns>The network.</returns>
    public static ResNet ResNet18(long num_classes = 1000, bool zero_init_residual = false) =>
        ResNetBuilder.ResNet18().WithClasses(num_classes).WithZeroInitResidual(zero_init_residual).Build();

    /// <summary>A ResNet-34 (basic blocks 3-4-6-3, 21,797,672 parameters with 1000 classes) with torchvision's ImageNet stem.</summary>
    /// <param name="num_classes">Classes of the head.</param>
    /// <param name="zero_init_residual">Zero the last normalisation of every block.</param>
    /// <returns>The network.</returns>
    public static ResNet ResNet34(long num_classes = 1000, bool zero_init_residual = false) =>
        ResNetBuilder.ResNet34().WithClasses(num_classes).WithZeroInitResidual(zero_init_residual).Build();

    /// <summary>A ResNet-50 (bottleneck blocks 3-4-6-3, 25,557,032 parameters with 1000 classes) with torchvision's ImageNet stem.</summary>
    /// <param name="num_classes">Classes of the head.</param>
    /// <param name="zero_init_residual">Zero the last normalisation of every block.</param>
    /// <returns>The network.</returns>
    public static ResNet ResNet50(long num_classes = 1000, bool zero_init_residual = false) =>
        ResNetBuilder.ResNet50().WithClasses(num_classes).WithZeroInitResidual(zero_init_residual).Build();

    /// <summary>A ResNet-101 (bottleneck blocks 3-4-23-3, 44,549,160 parameters with 1000 classes) with torchvision's ImageNet stem.</summary>
    /// <param name="num_classes">Classes of the head.</param>
    /// <param name="zero_init_residual">Zero the last normalisation of every block.</param>
    /// <returns>The network.</returns>
    public static ResNet ResNet101(long num_classes = 1000, bool zero_init_residual = false) =>
        ResNetBuilder.ResNet101().WithClasses(num_classes).WithZeroInitResidual(zero_init_residual).Build();

    /// <summary>A ResNet-152 (bottleneck blocks 3-8-36-3, 60,192,808 parameters with 1000 classes) with torchvision's ImageNet stem.</summary>
    /// <param name="num_classes">Classes of the head.</param>
    /// <param name="zero_init_residual">Zero the last normalisation of every block.</param>
    /// <returns>The network.</returns>
    public static ResNet ResNet152(long num_classes = 1000, bool zero_init_residual = false) =>
        ResNetBuilder.ResNet152().WithClasses(num_classes).WithZeroInitResidual(zero_init_residual).Build();

    /// <summary>Channels the network expects in its [N, C, H, W] input.</summary>
    public long InputChannels { get; }

    /// <summary>The stem the network was built with.</summary>
    public ResNetStem Stem { get; }

    /// <summary>Width of the pooled embedding returned by <see cref="forward_features"/> (512 × expansion for the presets).</summary>
    public long NumFeatures { get; }

    /// <summary>Classes of the head, or null for a feature extractor (no <see cref="fc"/>).</summary>
    public long? NumClasses => fc?.out_features;

    /// <summary>The stem convolution (7×7 stride 2, or 3×3 stride 1 with the CIFAR stem).</summary>
    [field: ComponentName(Name = nameof(conv1))]
    public Conv2d conv1 { get; }

    /// <summary>The stem normalisation.</summary>
    [field: ComponentName(Name = nameof(bn1))]
    public nn.Module<Tensor, Tensor> bn1 { get; }

    /// <summary>The stem activation.</summary>
    [field: ComponentName(Name = nameof(relu))]
    public ReLU relu { get; }

    /// <summary>The stem max-pool (3×3, stride 2), or null with the CIFAR stem.</summary>
    [field: ComponentName(Name = nameof(maxpool))]
    public MaxPool2d? maxpool { get; }

    /// <summary>The residual stages, registered as <c>layer1</c>, <c>layer2</c>, …; each a Sequential of blocks named "0", "1", ….</summary>
    public IReadOnlyList<Sequential> Stages => stages;

    /// <summary>Global average pooling to 1×1.</summary>
    [field: ComponentName(Name = nameof(avgpool))]
    public AdaptiveAvgPool2d avgpool { get; }

    /// <summary>Dropout applied to the embedding before <see cref="fc"/>, or null.</summary>
    [field: ComponentName(Name = nameof(dropout))]
    public FastDropout? dropout { get; }

    /// <summary>The classification head, or null for a feature extractor.</summary>
    [field: ComponentName(Name = nameof(fc))]
    public Linear? fc { get; }

    /// <summary>Every block of every stage, in order.</summary>
    public IEnumerable<nn.Module<Tensor, Tensor>> Blocks => stages.SelectMany(s => Enumerable.Range(0, s.Count).Select(i => (nn.Module<Tensor, Tensor>)s[i]));

    /// <summary>The stage registered as <c>layer{number}</c> (1-based, as torchvision's attribute names).</summary>
    /// <param name="number">1 for <c>layer1</c>, …</param>
    /// <returns>The stage.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The network has no such stage.</exception>
    public Sequential layer(int number)
    {
        if (number < 1 || number > stages.Count)
            throw new ArgumentOutOfRangeException(nameof(number), number, $"The network has stages layer1..layer{stages.Count}.");
        return stages[number - 1];
    }

    /// <summary>
    /// Logits [N, classes] for images [N, C, H, W]; for a feature extractor (no head), the pooled
    /// embedding (same as <see cref="forward_features"/>, after dropout when configured).
    /// </summary>
    /// <param name="input">Images [N, <see cref="InputChannels"/>, H, W].</param>
    /// <returns>The logits (or embedding).</returns>
    /// <exception cref="ArgumentException">The input is not 4-D or has the wrong number of channels.</exception>
    public override Tensor forward(Tensor input)
    {
        var features = forward_features(input);
        var x = features;
        if (dropout is not null) x = VisionLayers.Apply(x, dropout);
        if (fc is not null)
        {
            var logits = fc.call(x);
            if (!ReferenceEquals(x, features)) x.Dispose();
            x = logits;
        }
        if (!ReferenceEquals(x, features)) features.Dispose();
        return x;
    }

    /// <summary>The pooled embedding [N, <see cref="NumFeatures"/>]: stem, residual stages, global average pooling, flatten.</summary>
    /// <param name="input">Images [N, <see cref="InputChannels"/>, H, W].</param>
    /// <returns>The embedding.</returns>
    /// <exception cref="ArgumentException">The input is not 4-D or has the wrong number of channels.</exception>
    public Tensor forward_features(Tensor input)
    {
        CheckInput(input);
        using var stem = VisionLayers.Apply(input, stemLayers);
        using var body = VisionLayers.Apply(stem, stageLayers);
        using var pooled = avgpool.call(body);
        return pooled.flatten(1);
    }

    /// <summary>Runs the input through the stem and the residual stages, returning the last feature map [N, NumFeatures, h, w].</summary>
    /// <param name="input">Images [N, <see cref="InputChannels"/>, H, W].</param>
    /// <returns>The feature map before pooling.</returns>
    /// <exception cref="ArgumentException">The input is not 4-D or has the wrong number of channels.</exception>
    public Tensor forward_feature_map(Tensor input)
    {
        CheckInput(input);
        using var stem = VisionLayers.Apply(input, stemLayers);
        return VisionLayers.Apply(stem, stageLayers);
    }

    private void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = input.shape;
        if (shape.Length != 4)
            throw new ArgumentException(
                $"ResNet expected a 4-D input [N, C, H, W] with C = {InputChannels}, got a {shape.Length}-D input of shape {Format(shape)}" +
                (shape.Length == 3 ? " (add a batch dimension with unsqueeze(0) for a single image)" : ""), nameof(input));
        if (shape[1] != InputChannels)
            throw new ArgumentException(
                $"ResNet expected {InputChannels} input channels, got {shape[1]} (input shape {Format(shape)}, expected [N, {InputChannels}, H, W])", nameof(input));
    }

    private static string Format(long[] shape) => "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private T Register<T>(string name, T module) where T : nn.Module
    {
        register_module(name, module);
        return module;
    }

    private void Initialise(bool zeroInitResidual)
    {
        using var _ = no_grad();
        foreach (var m in modules())
        {
            switch (m)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm bn when bn.weight is not null && bn.bias is not null:
                    nn.init.constant_(bn.weight, 1);
                    nn.init.constant_(bn.bias, 0);
                    break;
            }
        }
        if (!zeroInitResidual) return;
        foreach (var m in modules())
            if (m is IResidualBlock block) block.ZeroInitLastNorm();
    }
}
