using ResNetTab.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tabular;

/// <summary>
/// The tutorial's residual block for tabular features: fc1 → bn1 → ReLU → dropout → fc2 → bn2, add the input,
/// ReLU, dropout. Maps [N, d] to [N, d].
/// </summary>
/// <remarks>Parameter names are PyTorch's (<c>fc1</c>, <c>bn1</c>, <c>fc2</c>, <c>bn2</c>, and <c>dropout</c> without
/// parameters). With <see cref="TabularNormalization.LayerNorm"/> the normalisation layers keep the names <c>bn1</c>/<c>bn2</c>.</remarks>
public class TabularResidualBlock : TabularBlock
{
    /// <summary>Creates the block with PyTorch's default initialisation.</summary>
    /// <param name="d">Width of the input and output.</param>
    /// <param name="dropout">Dropout probability (after the first ReLU and after the final ReLU).</param>
    /// <param name="normalization">BatchNorm1d (the tutorial) or LayerNorm.</param>
    public TabularResidualBlock(long d, double dropout = 0.1, TabularNormalization normalization = TabularNormalization.BatchNorm)
        : base(nameof(TabularResidualBlock), d)
    {
        fc1 = nn.Linear(d, d);
        bn1 = normalization.Create(d);
        fc2 = nn.Linear(d, d);
        bn2 = normalization.Create(d);
        this.dropout = new FastDropout(dropout);
        register_module(nameof(fc1), fc1);
        register_module(nameof(bn1), bn1);
        register_module(nameof(fc2), fc2);
        register_module(nameof(bn2), bn2);
        register_module(nameof(this.dropout), this.dropout);
    }


    /// <summary>The first d×d Linear layer.</summary>
    [field: ComponentName(Name = nameof(fc1))]
    public Linear fc1 { get; }

    /// <summary>Normalisation after <see cref="fc1"/>.</summary>
    [field: ComponentName(Name = nameof(bn1))]
    public nn.Module<Tensor, Tensor> bn1 { get; }

    /// <summary>The second d×d Linear layer.</summary>
    [field: ComponentName(Name = nameof(fc2))]
    public Linear fc2 { get; }

    /// <summary>Normalisation after <see cref="fc2"/>, before the addition.</summary>
    [field: ComponentName(Name = nameof(bn2))]
    public nn.Module<Tensor, Tensor> bn2 { get; }

    /// <summary>Dropout after the first ReLU and after the final ReLU.</summary>
    [field: ComponentName(Name = nameof(dropout))]
    public FastDropout dropout { get; }

    /// <summary>fc1 → bn1 → ReLU → dropout → fc2 → bn2.</summary>
    /// <param name="x">[N, d] features.</param>
    /// <returns>The branch output, [N, d].</returns>
    protected override Tensor ResidualBranch(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var h = MixedPrecision.Linear(fc1, x);
        var a = bn1.call(h);
        TabularIntermediates.Release(h, a);
        nn.functional.relu(a, inplace: true);
        var d = dropout.call(a);
        TabularIntermediates.Release(a, d);
        h = MixedPrecision.Linear(fc2, d);
        d.Dispose();
        var b = bn2.call(h);
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

    /// <inheritdoc />
    public override string ToString() => $"d={Width}";
}
