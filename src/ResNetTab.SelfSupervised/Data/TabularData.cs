using System.Globalization;
using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Data;
using ResNetTab.Models.Tabular;

namespace ResNetTab.SelfSupervised.Data;

/// <summary>
/// Rows for pretraining and scoring, held as two row-major arrays (numerical float32, categorical int64 indices) — the
/// layout of a <c>FeatureBatch</c> (<c>new TabularData(batch.Numerical, batch.Categorical, batch.RowCount, …)</c>)
/// and of <see cref="TabularBatchSource"/>. The arrays are used, not copied.
/// </summary>
public sealed class TabularData
{
    /// <summary>Wraps the arrays after checking their lengths.</summary>
    /// <param name="numerical">Row-major [rows × numericalColumns] values.</param>
    /// <param name="categorical">Row-major [rows × categoricalColumns] indices.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="numericalColumns">Numerical columns.</param>
    /// <param name="categoricalColumns">Categorical columns.</param>
    /// <exception cref="ArgumentException">The arrays do not hold <paramref name="rows"/> rows of these widths.</exception>
    public TabularData(float[] numerical, long[] categorical, int rows, int numericalColumns, int categoricalColumns)
    {
        ArgumentNullException.ThrowIfNull(numerical);
        ArgumentNullException.ThrowIfNull(categorical);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(numericalColumns);
        ArgumentOutOfRangeException.ThrowIfNegative(categoricalColumns);
        if (numerical.LongLength != (long)rows * numericalColumns)
            throw new ArgumentException($"The numerical array holds {numerical.LongLength} values; {rows} rows × {numericalColumns} columns need {(long)rows * numericalColumns}.", nameof(numerical));
        if (categorical.LongLength != (long)rows * categoricalColumns)
            throw new ArgumentException($"The categorical array holds {categorical.LongLength} values; {rows} rows × {categoricalColumns} columns need {(long)rows * categoricalColumns}.", nameof(categorical));
        Numerical = numerical;
        Categorical = categorical;
        Rows = rows;
        NumericalColumns = numericalColumns;
        CategoricalColumns = categoricalColumns;
    }

    /// <summary>Row-major numerical values.</summary>
    public float[] Numerical { get; }

    /// <summary>Row-major categorical indices.</summary>
    public long[] Categorical { get; }

    /// <summary>Rows.</summary>
    public int Rows { get; }

    /// <summary>Numerical columns per row.</summary>
    public int NumericalColumns { get; }

    /// <summary>Categorical columns per row.</summary>
    public int CategoricalColumns { get; }

    /// <summary>
    /// Splits a scorer matrix: its first <paramref name="numericalColumns"/> columns are numerical, the rest categorical
    /// indices stored as floats (exact below 2^24).
    /// </summary>
    /// <param name="x">The matrix.</param>
    /// <param name="numericalColumns">Leading numerical columns; the rest are categorical.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ArgumentException">The matrix has fewer columns, or a categorical cell is not a non-negative integer.</exception>
    public static TabularData FromFeatureMatrix(FeatureMatrix x, int numericalColumns)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (numericalColumns < 0 || numericalColumns > x.Columns)
            throw new ArgumentException($"The matrix has {x.Columns} columns; {numericalColumns} numerical columns do not fit.", nameof(numericalColumns));
        var categoricalColumns = x.Columns - numericalColumns;
        var numerical = new float[(long)x.Rows * numericalColumns];
        var categorical = new long[(long)x.Rows * categoricalColumns];
        var values = x.Values;
        for (var r = 0; r < x.Rows; r++)
        {
            values.Slice(r * x.Columns, numericalColumns).CopyTo(numerical.AsSpan(r * numericalColumns));
            for (var c = 0; c < categoricalColumns; c++)
            {
                var v = values[(r * x.Columns) + numericalColumns + c];
                if (v < 0 || v != MathF.Floor(v))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Row {r}, column {numericalColumns + c} holds {v}; categorical columns must hold non-negative integer indices."), nameof(x));
                categorical[(r * categoricalColumns) + c] = (long)v;
            }
        }
        return new TabularData(numerical, categorical, x.Rows, numericalColumns, categoricalColumns);
    }

    /// <summary>The rows as one scorer matrix: numerical columns, then categorical indices as floats.</summary>
    /// <returns>The matrix.</returns>
    public FeatureMatrix ToFeatureMatrix()
    {
        var columns = NumericalColumns + CategoricalColumns;
        var values = new float[(long)Rows * columns];
        for (var r = 0; r < Rows; r++)
        {
            Numerical.AsSpan(r * NumericalColumns, NumericalColumns).CopyTo(values.AsSpan(r * columns));
            for (var c = 0; c < CategoricalColumns; c++) values[(r * columns) + NumericalColumns + c] = Categorical[(r * CategoricalColumns) + c];
        }
        return FeatureMatrix.Wrap(values, columns);
    }

    /// <summary>A copy holding the given rows in the given order.</summary>
    /// <param name="rows">Row indices.</param>
    /// <returns>The selection.</returns>
    public TabularData Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var numerical = new float[(long)rows.Count * NumericalColumns];
        var categorical = new long[(long)rows.Count * CategoricalColumns];
        for (var i = 0; i < rows.Count; i++)
        {
            Numerical.AsSpan(rows[i] * NumericalColumns, NumericalColumns).CopyTo(numerical.AsSpan(i * NumericalColumns));
            Categorical.AsSpan(rows[i] * CategoricalColumns, CategoricalColumns).CopyTo(categorical.AsSpan(i * CategoricalColumns));
        }
        return new TabularData(numerical, categorical, rows.Count, NumericalColumns, CategoricalColumns);
    }

    /// <summary>Mini-batches of these rows for the trainer or the extractor.</summary>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="shuffle">A new seeded order every epoch.</param>
    /// <param name="seed">Seed of the shuffles.</param>
    /// <param name="dropLast">Skip a last, smaller batch.</param>
    /// <param name="device">Device of the batches; the CPU when null.</param>
    /// <param name="subset">Only these rows (no copy); every row when null.</param>
    /// <returns>The source.</returns>
    public TabularBatchSource ToBatchSource(int batchSize, bool shuffle = false, int seed = 0, bool dropLast = false, TorchSharp.torch.Device? device = null,
        IReadOnlyList<int>? subset = null) =>
        new(Numerical, Categorical, Rows, NumericalColumns, CategoricalColumns, batchSize, shuffle, seed, dropLast, device, subset);

    /// <summary>Checks that the rows fit a model's columns: counts, finite numerical values, categorical indices in range.</summary>
    /// <param name="numericalColumns">The model's numerical columns.</param>
    /// <param name="cardinalities">The model's categorical cardinalities.</param>
    /// <param name="what">What the rows are, for messages ("training rows").</param>
    /// <exception cref="ArgumentException">The first problem found, naming the row and column.</exception>
    public void EnsureValid(int numericalColumns, IReadOnlyList<int> cardinalities, string what = "rows")
    {
        ArgumentNullException.ThrowIfNull(cardinalities);
        if (Rows == 0) throw new ArgumentException($"The {what} are empty; at least one row is needed.");
        if (NumericalColumns != numericalColumns)
            throw new ArgumentException($"The {what} have {NumericalColumns} numerical columns but the model expects {numericalColumns}.");
        if (CategoricalColumns != cardinalities.Count)
            throw new ArgumentException($"The {what} have {CategoricalColumns} categorical columns but the model expects {cardinalities.Count}.");
        for (var i = 0; i < Numerical.Length; i++)
            if (!float.IsFinite(Numerical[i]))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The {what} hold {(float.IsNaN(Numerical[i]) ? "NaN" : "an infinite value")} at row {i / NumericalColumns}, numerical column {i % NumericalColumns}; impute or drop it first."));
        for (var i = 0; i < Categorical.Length; i++)
        {
            var c = i % CategoricalColumns;
            if (Categorical[i] < 0 || Categorical[i] >= cardinalities[c])
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The {what} hold index {Categorical[i]} at row {i / CategoricalColumns}, categorical column {c}, outside [0, {cardinalities[c]})."));
        }
    }
}
