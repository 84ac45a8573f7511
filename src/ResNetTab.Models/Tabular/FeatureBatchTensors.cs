using ResNetTab.Data;
using ResNetTab.Torch;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Models.Tabular;

/// <summary>Tensors from the arrays of a <see cref="FeatureBatch"/>.</summary>
public static class FeatureBatchTensors
{
    /// <summary>
    /// The batch as model inputs: numerical [RowCount, NumericalCount] Float32 and categorical
    /// [RowCount, CategoricalCount] Int64 (either may have zero columns).
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="device">Where to create the tensors; the CPU when null.</param>
    /// <returns>The two tensors; the caller owns them.</returns>
    public static (Tensor numerical, Tensor categorical) ToTensors(this FeatureBatch batch, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var numerical = tensor(batch.Numerical, [batch.RowCount, batch.NumericalCount], device: device);
        try
        {
            var categorical = tensor(batch.Categorical, [batch.RowCount, batch.CategoricalCount], device: device);
            return (numerical, categorical);
        }
        catch
        {
            numerical.Dispose();
            throw;
        }
    }
}
