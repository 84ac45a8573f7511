using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Masking;

/// <summary>Masks over the cells of a batch: random (training) and deterministic partitions (scoring).</summary>
public static class FeatureMasks
{
    /// <summary>Each cell masked independently with probability <paramref name="probability"/>.</summary>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="probability">Mask probability in [0, 1].</param>
    /// <param name="device">Device of the mask; the CPU when null.</param>
    /// <param name="generator">Random generator; the global one (saved in checkpoints) when null.</param>
    /// <returns>[rows, columns] bool, true = masked.</returns>
    public static Tensor Bernoulli(long rows, long columns, double probability, Device? device = null, Generator? generator = null)
    {
        if (!(probability >= 0 && probability <= 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "The mask probability must lie in [0, 1].");
        using var uniform = rand([rows, columns], device: device, generator: generator);
        return uniform.lt(probability);
    }

    /// <summary>
    /// Mask <paramref name="index"/> of <paramref name="count"/> deterministic masks that together mask every cell exactly
    /// once: column j is masked by mask <c>j mod count</c>, in every row.
    /// </summary>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="index">Which mask, in [0, count).</param>
    /// <param name="count">Number of masks K.</param>
    /// <param name="device">Device of the mask; the CPU when null.</param>
    /// <returns>[rows, columns] bool, true = masked.</returns>
    public static Tensor Partition(long rows, long columns, int index, int count, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (index < 0 || index >= count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The mask index must lie in [0, {count}).");
        using var column = arange(columns, dtype: ScalarType.Int64, device: device);
        using var selected = column.remainder(count).eq(index);
        return selected.unsqueeze(0).expand(rows, columns).contiguous();
    }
}
