namespace ResNetTab.Anomaly;

/// <summary>
/// A dense, row-major matrix of finite <see cref="float"/> features: the input type of every scorer.
/// Construction validates that every value is finite, so scorers never see NaN or infinity.
/// </summary>
public sealed class FeatureMatrix
{
    private readonly float[] _values;

    private FeatureMatrix(float[] values, int rows, int columns)
    {
        _values = values;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Number of rows (samples).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (features).</summary>
    public int Columns { get; }

    /// <summary>All values, row after row.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The backing array (row-major); internal code reads it without copying.</summary>
    internal float[] Buffer => _values;

    /// <summary>Value at row <paramref name="row"/>, column <paramref name="column"/>.</summary>
    public float this[int row, int column] => _values[(row * (long)Columns) + column];

    /// <summary>The features of one row.</summary>
    public ReadOnlySpan<float> Row(int row) => _values.AsSpan(checked(row * Columns), Columns);

    /// <summary>Copies a rectangular array after checking that every value is finite.</summary>
    /// <param name="x">Samples in rows, features in columns.</param>
    /// <param name="paramName">Argument name used in error messages.</param>
    /// <exception cref="ArgumentException">A value is NaN or infinite, or the array has no columns.</exception>
    public static FeatureMatrix From(float[,] x, string paramName = "x")
    {
        ArgumentNullException.ThrowIfNull(x, paramName);
        int rows = x.GetLength(0), cols = x.GetLength(1);
        if (cols == 0) throw new ArgumentException("The matrix has no columns (features).", paramName);
        var values = new float[rows * cols];
        if (values.Length > 0)
        {
            ref byte first = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference((Array)x);
            System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(
                ref System.Runtime.CompilerServices.Unsafe.As<byte, float>(ref first), values.Length).CopyTo(values);
        }
        CheckFinite(values, cols, paramName);
        return new FeatureMatrix(values, rows, cols);
    }

    /// <summary>Copies a row-major span after checking that every value is finite.</summary>
    /// <param name="values">Row-major values; the length must be a multiple of <paramref name="columns"/>.</param>
    /// <param name="columns">Number of features per row.</param>
    /// <param name="paramName">Argument name used in error messages.</param>
    /// <exception cref="ArgumentException">Bad shape or a NaN/infinite value.</exception>
    public static FeatureMatrix From(ReadOnlySpan<float> values, int columns, string paramName = "x")
    {
        CheckShape(values.Length, columns, paramName);
        var copy = values.ToArray();
        CheckFinite(copy, columns, paramName);
        return new FeatureMatrix(copy, values.Length / columns, columns);
    }

    /// <summary>
    /// Wraps a row-major array without copying, after checking that every value is finite.
    /// The caller must not modify the array afterwards.
    /// </summary>
    /// <param name="values">Row-major values; the length must be a multiple of <paramref name="columns"/>.</param>
    /// <param name="columns">Number of features per row.</param>
    /// <param name="paramName">Argument name used in error messages.</param>
    public static FeatureMatrix Wrap(float[] values, int columns, string paramName = "x")
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        CheckShape(values.Length, columns, paramName);
        CheckFinite(values, columns, paramName);
        return new FeatureMatrix(values, values.Length / columns, columns);
    }

    /// <summary>Converts double-precision rows (for example from an .npy file) to a validated float matrix.</summary>
    /// <param name="values">Row-major values.</param>
    /// <param name="columns">Number of features per row.</param>
    /// <param name="paramName">Argument name used in error messages.</param>
    public static FeatureMatrix FromDoubles(ReadOnlySpan<double> values, int columns, string paramName = "x")
    {
        CheckShape(values.Length, columns, paramName);
        var copy = new float[values.Length];
        for (int i = 0; i < copy.Length; i++) copy[i] = (float)values[i];
        CheckFinite(copy, columns, paramName);
        return new FeatureMatrix(copy, values.Length / columns, columns);
    }

    /// <summary>A new matrix holding the given rows, in the given order.</summary>
    /// <param name="rows">Row indices to copy.</param>
    public FeatureMatrix SelectRows(ReadOnlySpan<int> rows)
    {
        var values = new float[rows.Length * Columns];
        for (int i = 0; i < rows.Length; i++) Row(rows[i]).CopyTo(values.AsSpan(i * Columns, Columns));
        return new FeatureMatrix(values, rows.Length, Columns);
    }

    /// <summary>Copies the values into a new rectangular array.</summary>
    public float[,] ToArray()
    {
        var result = new float[Rows, Columns];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++) result[r, c] = _values[(r * Columns) + c];
        return result;
    }

    private static void CheckShape(int length, int columns, string paramName)
    {
        if (columns <= 0) throw new ArgumentException($"The column count must be positive, got {columns}.", paramName);
        if (length % columns != 0)
            throw new ArgumentException($"{length} values do not form rows of {columns} columns.", paramName);
    }

    private static void CheckFinite(float[] values, int columns, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                string what = float.IsNaN(values[i]) ? "NaN" : "an infinite value";
                throw new ArgumentException(
                    $"Input contains {what} at row {i / columns}, column {i % columns}; anomaly scorers need finite features.",
                    paramName);
            }
        }
    }
}
