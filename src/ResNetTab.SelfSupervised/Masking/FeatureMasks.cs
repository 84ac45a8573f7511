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
    /// once, in every row: column j is masked by mask <see cref="Group"/>(j).
    /// </summary>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="index">Which mask, in [0, count).</param>
    /// <param name="count">Number of masks K.</param>
    /// <param name="device">Device of the mask; the CPU when null.</param>
    /// <param name="repeat">Which assignment of columns to masks (see <see cref="Group"/>); 0 = j mod K.</param>
    /// <returns>[rows, columns] bool, true = masked.</returns>
    public static Tensor Partition(long rows, long columns, int index, int count, Device? device = null, int repeat = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (index < 0 || index >= count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The mask index must lie in [0, {count}).");
        var selected = new bool[columns];
        for (var j = 0; j < columns; j++) selected[j] = Group(j, (int)columns, count, repeat) == index;
        using var row = tensor(selected, device: device);
        return row.unsqueeze(0).expand(rows, columns).contiguous();
    }

    /// <summary>
    /// The mask that masks column <paramref name="column"/> under assignment <paramref name="repeat"/>: j mod K for
    /// repeat 0, and for repeat r &gt; 0 the position of j in a fixed permutation of the columns (seeded by r) mod K,
    /// so different repeats give each column different companions (mask diversity) while each still masks every cell once.
    /// </summary>
    /// <param name="column">Column j.</param>
    /// <param name="columns">Number of columns.</param>
    /// <param name="count">Number of masks K.</param>
    /// <param name="repeat">Assignment index r ≥ 0.</param>
    /// <returns>The mask index in [0, K).</returns>
    public static int Group(int column, int columns, int count, int repeat)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(repeat);
        if (repeat == 0) return column % count;
        var order = new int[columns];
        for (var j = 0; j < columns; j++) order[j] = j;
        new Random(repeat).Shuffle(order);
        return Array.IndexOf(order, column) % count;
    }
}
