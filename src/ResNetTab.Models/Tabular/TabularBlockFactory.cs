using TorchSharp;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tabular;

/// <summary>
/// Creates the <paramref name="index"/>-th residual block of a <see cref="TabularResNet"/>. The block maps
/// [N, <paramref name="width"/>] to [N, <paramref name="width"/>]; it is registered as <c>blocks.{index}</c>.
/// </summary>
/// <param name="index">Position of the block (0-based).</param>
/// <param name="width">The model width d (<see cref="TabularResNetOptions.Width"/>).</param>
/// <param name="dropout">The model's dropout probability.</param>
/// <param name="normalization">The model's normalisation kind.</param>
/// <returns>The block.</returns>
public delegate nn.Module<Tensor, Tensor> TabularBlockFactory(int index, int width, double dropout, TabularNormalization normalization);
