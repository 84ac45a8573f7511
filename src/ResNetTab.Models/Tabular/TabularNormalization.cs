using TorchSharp;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tabular;

/// <summary>
/// The normalisation layer used after the initial projection (<c>initial_bn</c>) and inside the blocks.
/// The final <c>final_norm</c> is a LayerNorm in every case, as in the tutorial.
/// </summary>
public enum TabularNormalization
{
    /// <summary>BatchNorm1d over the features (the tutorial's choice); needs more than one row per batch in training.</summary>
    BatchNorm,

    /// <summary>LayerNorm over the features: independent of the batch, so batches of one row train and evaluate alike.</summary>
    LayerNorm,
}

/// <summary>Creates the normalisation layer of a <see cref="TabularNormalization"/>.</summary>
public static class TabularNormalizationExtensions
{
    /// <summary>A new BatchNorm1d or LayerNorm over <paramref name="features"/> features.</summary>
    /// <param name="normalization">Which layer.</param>
    /// <param name="features">Width of the [N, features] input.</param>
    /// <returns>The layer, with PyTorch's default initialisation (weight 1, bias 0).</returns>
    public static nn.Module<Tensor, Tensor> Create(this TabularNormalization normalization, long features) => normalization switch
    {
        TabularNormalization.BatchNorm => nn.BatchNorm1d(features),
        TabularNormalization.LayerNorm => nn.LayerNorm(features),
        _ => throw new ArgumentOutOfRangeException(nameof(normalization), normalization, "unknown normalisation"),
    };
}
