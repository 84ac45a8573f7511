using ResNetTab.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tabular;

/// <summary>
/// A bottleneck residual block for tabular features: d → d/r → d/r → d (r = 4 by default). fc1 → bn1 → ReLU → dropout
/// → fc2 → bn2 → ReLU → dropout → fc3 → bn3, add the input, ReLU, dropout. Maps [N, d] to [N, d] with about a
/// quarter of the parameters of <see cref="TabularResidualBlock"/>.
/// </summary>
public class TabularBottleneckBlock : TabularBlock
{
    /// <summary>Creates the block with PyTorch's default initialisation.</summary>
    /// <param name="d">Width of the input and output.</param>
    /// <param name="dropout">Dropout probability (after each ReLU).</param>
    /// <param name="normalization">BatchNorm1d or LayerNorm.</param>
    /// <param name="reduction">Width reduction r of the inner layers (inner width d/r, at least 1).</param>
    public TabularBottleneckBlock(long d, double dropout = 0.1, TabularNormalization normalization = TabularNormalization.BatchNorm, int reduction = 4)
        : base(nameof(TabularBottleneckBlock), d)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(reduction);
        if (d / reduction < 1) throw new ArgumentException($"reduction {reduction} leaves no inner width for d = {d}", nameof(reduction));
        InnerWidth = d / reduction;
        fc1 = nn.Linear(d, InnerWidth);
        bn1 = normalization.Create(InnerWidth);
        fc2 = nn.Linear(InnerWidth, InnerWidth);
        bn2 = normalization.Create(InnerWidth);
        fc3 = nn.Linear(InnerWidth, d);
        bn3 = normalization.Create(d);
        this.dropout = new FastDropout(dropout);
        register_module(nameof(fc1), fc1);
        register_module(nameof(bn1), bn1);
        register_module(nameof(fc2), fc2);
        register_module(nameof(bn2), bn2);
        register_module(nameof(fc3), fc3);
        register_module(nameof(bn3), bn3);
        register_module(nameof(this.dropout), this.dropout);
    }


    /// <summary>Width d/r of the two inner layers.</summary>
    public long InnerWidth { get; }

    /// <summary>Reduction d → d/r.</summary>
    [field: ComponentName(Name = nameof(fc1))]
    public Linear fc1 { get; }

    /// <summary>Normalisation after <see cref="fc1"/>.</summary>
    [field: ComponentName(Name = nameof(bn1))]
    public nn.Module<Tensor, Tensor> bn1 { get; }

    /// <summary>Inner layer d/r → d/r.</summary>
    [field: ComponentName(Name = nameof(fc2))]
    public Linear fc2 { get; }

    /// <summary>Normalisation after <see cref="fc2"/>.</summary>
    [field: ComponentName(Name = nameof(bn2))]
    public nn.Module<Tensor, Tensor> bn2 { get; }

    /// <summary>Expansion d/r → d.</summary>
    [field: ComponentName(Name = nameof(fc3))]
    public Linear fc3 { get; }

    /// <summary>Normalisation after <see cref="fc3"/>, before the addition.</summary>
    [field: ComponentName(Name = nameof(bn3))]
    public nn.Module<Tensor, Tensor> bn3 { get; }

    /// <summary>Dropout after each ReLU.</summary>
    [field: ComponentName(Name = nameof(dropout))]
    public FastDropout dropout { get; }

    /// <summary>fc1 → bn1 → ReLU → dropout → fc2 → bn2 → ReLU → dropout → fc3 → bn3.</summary>
    /// <param name="x">[N, d] features.</param>
    /// <returns>The branch output, [N, d].</returns>
    protected override Tensor ResidualBranch(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var inner = Stage(fc1, bn1, x, dispose: false);
        inner = Stage(fc2, bn2, inner, dispose: true);
        var h = MixedPrecision.Linear(fc3, inner);
        inner.Dispose();
        var b = bn3.call(h);
        TabularIntermediates.Release(h, b);
        return b;
    }

    /// <summary>ReLU (in place) then dropout after the merge.</summary>
    /// <param name="x">The merged tensor (owned by the block).</param>
    /// <returns>The block's output.</returns>
    protected override Tensor Activate(Tensor x)
    {
        nn.functional.relu(x, inplace: true);
        return dropout.call(x);
    }

    private Tensor Stage(Linear fc, nn.Module<Tensor, Tensor> norm, Tensor x, bool dispose)
    {
        var h = MixedPrecision.Linear(fc, x);
        if (dispose) x.Dispose();
        var a = norm.call(h);
        TabularIntermediates.Release(h, a);
        nn.functional.relu(a, inplace: true);
        var d = dropout.call(a);
        TabularIntermediates.Release(a, d);
        return d;
    }

    /// <inheritdoc />
    public override string ToString() => $"d={Width}, inner={InnerWidth}";
}
