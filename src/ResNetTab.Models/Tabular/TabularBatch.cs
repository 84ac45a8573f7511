using ResNetTab.Models.Training;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tabular;

/// <summary>A mini-batch of tabular rows: the two inputs of a <see cref="TabularResNet"/>.</summary>
/// <param name="Numerical">[rows, numerical columns] float32.</param>
/// <param name="Categorical">[rows, categorical columns] int64 category indices.</param>
/// <param name="Rows">Indices of the rows in the source, in batch order.</param>
public sealed record TabularBatch(Tensor Numerical, Tensor Categorical, IReadOnlyList<int> Rows) : ITrainingBatch
{
    /// <inheritdoc />
    public int Size => Rows.Count;

    /// <summary>Frees both tensors.</summary>
    public void Dispose()
    {
        Numerical.Dispose();
        Categorical.Dispose();
    }
}
