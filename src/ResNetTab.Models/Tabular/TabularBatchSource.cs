using ResNetTab.Models.Training;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tabular;

/// <summary>
/// Mini-batches of a <see cref="TabularData"/>'s rows, with a seeded shuffle per epoch: epoch <c>e</c> visits the rows
/// in the order of a Fisher–Yates shuffle driven by <c>new Random(seed + e)</c>, as <see cref="Datasets.DataLoader"/> does.
/// Only the batch being used is copied into tensors.
/// </summary>
public sealed class TabularBatchSource : IBatchSource<TabularBatch>
{
    private readonly int[]? subset;

    /// <summary>Creates the source over the rows (used, not copied).</summary>
    /// <param name="data">The rows; where they carry a schema, their categorical indices are checked against its cardinalities.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="shuffle">Visit the rows in a new seeded order every epoch.</param>
    /// <param name="seed">Seed of the shuffles.</param>
    /// <param name="dropLast">Skip a last batch smaller than <paramref name="batchSize"/> (BatchNorm needs more than one row).</param>
    /// <param name="device">Device of the batches; the CPU when null.</param>
    /// <param name="subset">Visit only these rows (e.g. a training split, without copying); every row when null.
    /// Batches report the indices into <paramref name="data"/> in <see cref="TabularBatch.Rows"/>.</param>
    /// <exception cref="ArgumentException">A subset index is out of range, or a categorical index lies outside its schema cardinality.</exception>
    public TabularBatchSource(TabularData data, int batchSize, bool shuffle = false, int seed = 0, bool dropLast = false, Device? device = null,
        IReadOnlyList<int>? subset = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        data.EnsureCategoriesInRange();
        if (subset is not null)
        {
            foreach (var row in subset)
                if (row < 0 || row >= data.Rows)
                    throw new ArgumentException($"The subset holds row {row}, outside [0, {data.Rows}).", nameof(subset));
            this.subset = [.. subset];
        }
        Data = data;
        Rows = this.subset?.Length ?? data.Rows;
        NumericalColumns = data.NumericalColumns;
        CategoricalColumns = data.CategoricalColumns;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
        Device = device;
    }

    /// <summary>The rows the batches are drawn from.</summary>
    public TabularData Data { get; }

    /// <summary>Number of rows visited per epoch (the subset's size when there is one).</summary>
    public int Rows { get; }

    /// <summary>Numerical columns per row.</summary>
    public int NumericalColumns { get; }

    /// <summary>Categorical columns per row.</summary>
    public int CategoricalColumns { get; }

    /// <summary>Rows per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether every epoch visits the rows in a new seeded order.</summary>
    public bool Shuffle { get; }

    /// <summary>Seed of the shuffles.</summary>
    public int Seed { get; }

    /// <summary>Whether a last, smaller batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Device of the batches (the CPU when null).</summary>
    public Device? Device { get; }

    /// <inheritdoc />
    public int Count => DropLast ? Rows / BatchSize : (Rows + BatchSize - 1) / BatchSize;

    /// <inheritdoc />
    public IEnumerable<TabularBatch> Epoch(int epoch, CancellationToken cancellationToken = default)
    {
        var order = Order(epoch);
        for (var b = 0; b < Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = b * BatchSize;
            var size = Math.Min(BatchSize, Rows - start);
            yield return Gather(order.AsSpan(start, size).ToArray());
        }
    }

    /// <summary>The order in which epoch <paramref name="epoch"/> visits the rows (indices into the arrays).</summary>
    /// <param name="epoch">0-based epoch.</param>
    /// <returns>Row indices.</returns>
    public int[] Order(int epoch)
    {
        var order = Datasets.EpochOrder.Of(Rows, Shuffle, Seed, epoch);
        if (subset is not null)
            for (var i = 0; i < order.Length; i++) order[i] = subset[order[i]];
        return order;
    }

    private TabularBatch Gather(int[] rows)
    {
        var num = new float[rows.Length * NumericalColumns];
        var cat = new long[rows.Length * CategoricalColumns];
        var numerical = Data.Numerical.Span;
        var categorical = Data.Categorical.Span;
        for (var i = 0; i < rows.Length; i++)
        {
            numerical.Slice(rows[i] * NumericalColumns, NumericalColumns).CopyTo(num.AsSpan(i * NumericalColumns));
            categorical.Slice(rows[i] * CategoricalColumns, CategoricalColumns).CopyTo(cat.AsSpan(i * CategoricalColumns));
        }
        // One copy into libtorch memory (torch.tensor would clone the gathered arrays once more).
        var numericalTensor = ResNetTab.Engine.Tensors.TensorData.FromSpan<float>(num, [rows.Length, NumericalColumns], Device);
        var categoricalTensor = ResNetTab.Engine.Tensors.TensorData.FromSpan<long>(cat, [rows.Length, CategoricalColumns], Device);
        return new TabularBatch(numericalTensor, categoricalTensor, rows);
    }
}
