using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules;

/// <summary>
/// Shared implementation of <see cref="Conv1d"/> and <see cref="Conv2d"/> (PyTorch's _ConvNd): parameters
/// <c>weight</c> [out_channels, in_channels / groups, *kernel_size] and <c>bias</c> [out_channels],
/// initialised as PyTorch does (weight kaiming_uniform_(a = √5), bias U(−1/√fan_in, 1/√fan_in)).
/// </summary>
public abstract class ConvNd : nn.Module<Tensor, Tensor>
{
    private static readonly string[] PaddingModes = ["zeros", "reflect", "replicate", "circular"];

    [NotAComponent] private Parameter weightParameter;
    [NotAComponent] private Parameter? biasParameter;
    [NotAComponent] private readonly long[] reversedPaddingTwice;
    [NotAComponent] private readonly int paddingKind;
    [NotAComponent] private readonly long[] strideValues;
    [NotAComponent] private readonly long[] paddingValues;
    [NotAComponent] private readonly long[] dilationValues;

    /// <summary>Validates the configuration and creates initialised parameters.</summary>
    /// <param name="name">Display name (Conv1d, Conv2d).</param>
    /// <param name="in_channels">Channels of the input.</param>
    /// <param name="out_channels">Channels of the output.</param>
    /// <param name="kernel_size">Kernel size per spatial dimension.</param>
    /// <param name="stride">Stride per spatial dimension.</param>
    /// <param name="padding">Explicit zero padding per spatial dimension (ignored when <paramref name="padding_string"/> is given).</param>
    /// <param name="padding_string">"valid" or "same", or null for explicit padding.</param>
    /// <param name="dilation">Dilation per spatial dimension.</param>
    /// <param name="groups">Number of blocked connections from input to output channels.</param>
    /// <param name="bias">Whether to learn an additive bias.</param>
    /// <param name="padding_mode">"zeros", "reflect", "replicate" or "circular".</param>
    /// <param name="device">Device of the parameters.</param>
    /// <param name="dtype">Floating-point type of the parameters.</param>
    private protected ConvNd(string name, long in_channels, long out_channels, long[] kernel_size, long[] stride, long[] padding, string? padding_string,
        long[] dilation, long groups, bool bias, string padding_mode, Device? device, ScalarType? dtype) : base(name)
    {
        if (groups <= 0) throw new ArgumentOutOfRangeException(nameof(groups), groups, "groups must be a positive integer");
        if (in_channels % groups != 0) throw new ArgumentException($"in_channels ({in_channels}) must be divisible by groups ({groups})", nameof(in_channels));
        if (out_channels % groups != 0) throw new ArgumentException($"out_channels ({out_channels}) must be divisible by groups ({groups})", nameof(out_channels));
        if (Array.IndexOf(PaddingModes, padding_mode) < 0)
            throw new ArgumentException($"padding_mode must be one of zeros, reflect, replicate, circular, but got padding_mode='{padding_mode}'", nameof(padding_mode));
        if (padding_string is not null)
        {
            paddingKind = nn.functional.PaddingKind(padding_string);
            if (paddingKind == 2 && stride.Any(s => s != 1))
                throw new ArgumentException("padding='same' is not supported for strided convolutions", nameof(padding_string));
        }
        this.in_channels = in_channels;
        this.out_channels = out_channels;
        this.kernel_size = kernel_size;
        this.stride = strideValues = stride;
        this.padding = paddingValues = padding_string is null ? padding : new long[kernel_size.Length];
        this.padding_string = padding_string;
        this.dilation = dilationValues = dilation;
        this.groups = groups;
        this.padding_mode = padding_mode;

        // F.pad order: last dimension first, (left, right) each.
        var n = kernel_size.Length;
        reversedPaddingTwice = new long[2 * n];
        for (var i = 0; i < n; i++)
        {
            long left, right;
            if (paddingKind == 2)
            {
                var total = dilation[i] * (kernel_size[i] - 1);
                left = total / 2;
                right = total - left;
            }
            else
            {
                left = right = this.padding[i];
            }
            reversedPaddingTwice[2 * (n - 1 - i)] = left;
            reversedPaddingTwice[2 * (n - 1 - i) + 1] = right;
        }

        long[] weightShape = [out_channels, in_channels / groups, .. kernel_size];
        weightParameter = new Parameter(empty(weightShape, dtype, device));
        register_parameter("weight", weightParameter);
        biasParameter = bias ? new Parameter(empty([out_channels], dtype, device)) : null;
        register_parameter("bias", biasParameter);
        reset_parameters();
    }

    /// <summary>Channels of the input.</summary>
    public long in_channels { get; }

    /// <summary>Channels of the output.</summary>
    public long out_channels { get; }

    /// <summary>Kernel size per spatial dimension.</summary>
    public IReadOnlyList<long> kernel_size { get; }

    /// <summary>Stride per spatial dimension.</summary>
    public IReadOnlyList<long> stride { get; }

    /// <summary>Explicit padding per spatial dimension (zeros when <see cref="padding_string"/> is set).</summary>
    public IReadOnlyList<long> padding { get; }

    /// <summary>"valid" or "same" when the padding was given as a string; otherwise null.</summary>
    public string? padding_string { get; }

    /// <summary>Dilation per spatial dimension.</summary>
    public IReadOnlyList<long> dilation { get; }

    /// <summary>Number of blocked connections from input to output channels.</summary>
    public long groups { get; }

    /// <summary>How the input is padded: "zeros", "reflect", "replicate" or "circular".</summary>
    public string padding_mode { get; }

    /// <summary>The weight [out_channels, in_channels / groups, *kernel_size]; assigning registers the new parameter.</summary>
    public Parameter weight
    {
        get => weightParameter;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            register_parameter("weight", value);
            weightParameter = value;
        }
    }

    /// <summary>The bias [out_channels], or null when the layer has none.</summary>
    public Parameter? bias
    {
        get => biasParameter;
        set
        {
            register_parameter("bias", value);
            biasParameter = value;
        }
    }

    /// <summary>Re-draws the parameters with PyTorch's default initialisation.</summary>
    public void reset_parameters()
    {
        nn.init.kaiming_uniform_(weightParameter, a: Math.Sqrt(5));
        if (biasParameter is not null)
        {
            var (fanIn, _) = nn.init.calculate_fan_in_and_fan_out(weightParameter);
            if (fanIn != 0)
            {
                var bound = 1 / Math.Sqrt(fanIn);
                nn.init.uniform_(biasParameter, -bound, bound);
            }
        }
    }

    /// <summary>Applies the convolution to a batched or unbatched input.</summary>
    /// <exception cref="ArgumentException">The input's rank or channel count does not fit the layer.</exception>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var n = kernel_size.Count;
        var shape = input.shape;
        if (shape.Length != n + 1 && shape.Length != n + 2 || shape[^(n + 1)] != in_channels)
        {
            var spatial = n == 1 ? "L" : "H, W";
            throw new ArgumentException(
                $"{Name} expected input of shape [N, {in_channels}, {spatial}] or [{in_channels}, {spatial}], got shape {NnInterop.Shape(shape)}", nameof(input));
        }
        if (padding_mode == "zeros")
            return nn.functional.Convolution(input, weightParameter, biasParameter, strideValues, paddingValues, dilationValues, n, paddingKind, groups);
        using var padded = nn.functional.pad(input, reversedPaddingTwice, padding_mode);
        return nn.functional.Convolution(padded, weightParameter, biasParameter, strideValues, new long[n], dilationValues, n, 0, groups);
    }

    /// <inheritdoc />
    protected override string extra_repr()
    {
        var s = $"{in_channels}, {out_channels}, kernel_size={NnInterop.Tuple(kernel_size)}, stride={NnInterop.Tuple(stride)}";
        if (padding_string is not null) s += $", padding={padding_string}";
        else if (padding.Any(p => p != 0)) s += $", padding={NnInterop.Tuple(padding)}";
        if (dilation.Any(d => d != 1)) s += $", dilation={NnInterop.Tuple(dilation)}";
        if (groups != 1) s += $", groups={groups}";
        if (biasParameter is null) s += ", bias=False";
        if (padding_mode != "zeros") s += $", padding_mode={padding_mode}";
        return s;
    }
}
