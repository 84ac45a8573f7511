namespace ResNetTab.Models.Tabular;

/// <summary>The residual block a <see cref="TabularResNet"/> stacks (unless a <see cref="TabularBlockFactory"/> is given).</summary>
public enum TabularBlockKind
{
    /// <summary>
    /// The tutorial's <see cref="TabularResidualBlock"/>: fc1 → bn1 → ReLU → dropout → fc2 → bn2, add the
    /// input, ReLU, dropout. Two d×d Linear layers.
    /// </summary>
    Residual,

    /// <summary>
    /// <see cref="TabularBottleneckBlock"/>: d → d/4 → d/4 → d Linear layers, each followed by normalisation,
    /// ReLU after the first two and after the addition. About a quarter of the parameters of <see cref="Residual"/>.
    /// </summary>
    Bottleneck,

    /// <summary>
    /// <see cref="TabularPreNormBlock"/>, the ResNet block of Gorishniy et al. (2021, "Revisiting Deep Learning
    /// Models for Tabular Data"): x + Dropout(Linear(Dropout(ReLU(Linear(Norm(x)))))), no activation after the addition.
    /// </summary>
    PreNorm,
}
