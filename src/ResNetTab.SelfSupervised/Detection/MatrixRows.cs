using System.Globalization;
using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised;

/// <summary>A scorer matrix split back into rows: its leading columns numerical, the rest categorical indices.</summary>
internal static class MatrixRows
{
    /// <summary>
    /// Splits <paramref name="x"/>: its first <paramref name="numericalCount"/> columns are numerical, the rest categorical
    /// indices stored as floats (exact below 2^24).
    /// </summary>
    /// <param name="x">The matrix.</param>
    /// <param name="numericalCount">Leading numerical columns.</param>
    /// <returns>The rows (no schema).</returns>
    /// <exception cref="ArgumentException">The matrix has fewer columns, or a categorical cell is not a non-negative integer.</exception>
    public static TabularData Split(FeatureMatrix x, int numericalCount)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (numericalCount < 0 || numericalCount > x.Columns)
            throw new ArgumentException($"The matrix has {x.Columns} columns; {numericalCount} numerical columns do not fit.", nameof(numericalCount));
        var categoricalCount = x.Columns - numericalCount;
        var numerical = new float[(long)x.Rows * numericalCount];
        var categorical = new long[(long)x.Rows * categoricalCount];
        var values = x.Values;
        for (var r = 0; r < x.Rows; r++)
        {
            values.Slice(r * x.Columns, numericalCount).CopyTo(numerical.AsSpan(r * numericalCount));
            for (var c = 0; c < categoricalCount; c++)
            {
                var v = values[(r * x.Columns) + numericalCount + c];
                if (v < 0 || v != MathF.Floor(v))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Row {r}, column {numericalCount + c} holds {v}; categorical columns must hold non-negative integer indices."), nameof(x));
                categorical[(r * categoricalCount) + c] = (long)v;
            }
        }
        return new TabularData(numerical, categorical, x.Rows, numericalCount, categoricalCount);
    }
}
