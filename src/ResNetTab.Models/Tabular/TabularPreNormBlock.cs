using ResNetTab.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tabular;

/// <summary>
/// The pre-normalisation ResNet block of Gorishniy et al. (2021), "Revisiting Deep Learning Models for Tabular
/// Data": x + dropout_second(linear_second(dropout_first(ReLU(linear_first(normalization(x)))))). No activation
/// after the addition, so the residual stream is an identity path. Maps [N, d] to [N, d].
/// </summary>
/// <remarks>Component names are those of the reference implementation (<c>normalization</c>, <c>linear_first</c>,
/// <c>dropout_first</c>, <c>linear_second</c>, <c>dropout_second</c>).</remarks>
public class TabularPreNormBlock : TabularBlock
{
    /// <summary>Creates the block with PyTorch's default initialisation.</summary>
    /// <param name="d">Width of the input and output.</param>
    /// <param name="dropout">Dropout probability of the hidden layer and of the residual branch.</param>
    /// <param name="normalization">BatchNorm1d (the reference) or LayerNorm.</param>
    /// <param name="hidden">Width of the hidden layer; null for <paramref name="d"/>.</param>
    public TabularPreNormBlock(long d, double dropout = 0.1, TabularNormalization normalization = TabularNormalization.BatchNorm, long? hidden = null)
        : base(nameof(TabularPreNormBlock), d)
    {
        if (hidden is <= 0) throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "the hidden width must be positive");
        HiddenWidth = hidden ?? d;
        this.normalization = normalization.Create(d);
        linear_first = nn.Linear(d, HiddenWidth);
        dropout_first = new FastDropout(dropout);
        linear_second = nn.Linear(HiddenWidth, d);
        dropout_second = new FastDropout(dropout);
        register_module(nameof(this.normalization), this.normalization);
        register_module(nameof(linear_first), linear_first);
        register_module(nameof(dropout_first), dropout_first);
        register_module(nameof(linear_second), linear_second);
        register_module(nameof(dropout_second), dropout_second);
    }


    /// <summary>Width of the hidden layer.</summary>
    public long HiddenWidth { get; }

    /// <summary>Normalisation of the block input (first in the residual branch).</summary>
    [field: ComponentName(Name = nameof(normalization))]
    public nn.Module<Tensor, Tensor> normalization { get; }

    /// <summary>d → hidden.</summary>
    [field: ComponentName(Name = nameof(linear_first))]
    public Linear linear_first { get; }

    /// <summary>Dropout after the ReLU.</summary>
    [field: ComponentName(Name = nameof(dropout_first))]
    public FastDropout dropout_first { get; }

    /// <summary>hidden → d.</summary>
    [field: ComponentName(Name = nameof(linear_second))]
    public Linear linear_second { get; }

    /// <summary>Dropout of the residual branch, before the addition.</summary>
    [field: ComponentName(Name = nameof(dropout_second))]
    public FastDropout dropout_second { get; }

    /// <summary>normalization → linear_first → ReLU → dropout_first → linear_second → dropout_second; the merge is x + branch, with no activation after it.</summary>
    /// <param name="x">[N, d] features.</param>
    /// <returns>The branch output, [N, d].</returns>
    protected override Tensor ResidualBranch(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var n = normalization.call(x);
        var h = MixedPrecision.Linear(linear_first, n);
        TabularIntermediates.Release(n, h);
        nn.functional.relu(h, inplace: true);
        var d = dropout_first.call(h);
        TabularIntermediates.Release(h, d);
        h = MixedPrecision.Linear(linear_second, d);
        d.Dispose();
        var output = dropout_second.call(h);
        TabularIntermediates.Release(h, output);
        return output;
    }

    /// <inheritdoc />
    public override string ToString() => $"d={Width}, hidden={HiddenWidth}";
}
