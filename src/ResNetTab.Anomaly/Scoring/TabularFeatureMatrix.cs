namespace ResNetTab.Anomaly;

/// <summary>
/// Rows as one scorer matrix: numerical columns, then categorical indices as floats. Scorers take
/// <see cref="TabularData"/> directly (<see cref="AnomalyScorerExtensions"/>); this is for code that needs the matrix itself.
/// </summary>
public static class TabularFeatureMatrix
{
    /// <summary>Copies the rows into a new matrix (numerical columns first, the order of <see cref="TabularSchema.ColumnNames"/>).</summary>
    /// <param name="data">The rows.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentException">The rows have no columns.</exception>
    public static FeatureMatrix ToFeatureMatrix(this TabularData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var numericalCount = data.NumericalColumns;
        var categoricalCount = data.CategoricalColumns;
        var columns = numericalCount + categoricalCount;
        if (columns == 0) throw new ArgumentException("The rows have no columns.", nameof(data));
        var values = new float[(long)data.Rows * columns];
        var numerical = data.Numerical.Span;
        var categorical = data.Categorical.Span;
        for (var r = 0; r < data.Rows; r++)
        {
            numerical.Slice(r * numericalCount, numericalCount).CopyTo(values.AsSpan(r * columns));
            var row = categorical.Slice(r * categoricalCount, categoricalCount);
            var target = values.AsSpan((r * columns) + numericalCount, categoricalCount);
            for (var c = 0; c < categoricalCount; c++) target[c] = row[c];
        }
        return FeatureMatrix.Wrap(values, columns, nameof(data));
    }
}
