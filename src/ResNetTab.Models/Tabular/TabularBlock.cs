namespace ResNetTab.Models.Tabular;

/// <summary>
/// Base class of the residual blocks of a <see cref="TabularResNet"/>: [N, d] → [N, d] with
/// <c>y = Activate(Combine(ResidualBranch(x), x))</c> (see <see cref="ResidualModule"/> for the hooks).
/// </summary>
/// <remarks>
/// Subclass <see cref="TabularResidualBlock"/>, <see cref="TabularBottleneckBlock"/> or
/// <see cref="TabularPreNormBlock"/> (or this class) and override <c>ResidualBranch</c>, <c>Combine</c> or
/// <c>Activate</c>; plug the block in with <see cref="TabularResNetBuilder.WithBlockFactory"/>. The base
/// block's state-dict names (<c>fc1</c>, <c>bn1</c>, …) are kept; a subclass's own submodules follow them and
/// its own parameters precede them, as PyTorch orders a state dict.
/// </remarks>
public abstract class TabularBlock : ResidualModule
{
    /// <summary>Records the block's width; a subclass creates and registers its layers.</summary>
    /// <param name="name">The module's name.</param>
    /// <param name="width">Features in and out (d).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is not positive.</exception>
    protected TabularBlock(string name, long width) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        Width = width;
    }

    /// <summary>Features in and out (d).</summary>
    public long Width { get; }
}
