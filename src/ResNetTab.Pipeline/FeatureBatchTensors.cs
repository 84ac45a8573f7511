using ResNetTab.Data;
using ResNetTab.Models.Tabular;
using static TorchSharp.torch;

namespace ResNetTab.Pipeline;

/// <summary>OCSF feature batches as the two inputs of a <see cref="TabularResNet"/>.</summary>
public static class FeatureBatchTensors
{
    /// <summary>The batch's numerical [rows, n] float32 and categorical [rows, c] int64 matrices as tensors (the caller disposes them).</summary>
    /// <param name="batch">A transformed batch.</param>
    /// <param name="device">Device of the tensors; the CPU when null.</param>
    /// <returns>(numerical, categorical).</returns>
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

    /// <summary>The batch's rows as mini-batches for the <see cref="Models.Training.Trainer{TBatch}"/> (seeded shuffle per epoch).</summary>
    /// <param name="batch">A transformed batch.</param>
    /// <param name="batchSize">Rows per mini-batch.</param>
    /// <param name="shuffle">Visit the rows in a new seeded order every epoch.</param>
    /// <param name="seed">Seed of the shuffles.</param>
    /// <param name="dropLast">Skip a last, smaller mini-batch.</param>
    /// <param name="device">Device of the mini-batches; the CPU when null.</param>
    /// <returns>The batch source.</returns>
    public static TabularBatchSource ToBatchSource(this FeatureBatch batch, int batchSize, bool shuffle = false, int seed = 0,
        bool dropLast = false, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new TabularBatchSource(batch.Numerical, batch.Categorical, batch.RowCount, batch.NumericalCount, batch.CategoricalCount,
            batchSize, shuffle, seed, dropLast, device);
    }
}
