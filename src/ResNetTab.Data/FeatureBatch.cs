using ResNetTab.Data.Readers;

namespace ResNetTab.Data;

/// <summary>
/// Model-ready features of a batch of records, as plain row-major arrays with their shapes:
/// <see cref="Numerical"/> is <c>RowCount × NumericalCount</c> floats, <see cref="Categorical"/> is
/// <c>RowCount × CategoricalCount</c> indices with column j in [0, <see cref="Cardinalities"/>[j]).
/// Column names trace scores back to the source fields.
/// </summary>
public sealed class FeatureBatch
{
    /// <summary>Creates a batch; array lengths must match the shapes.</summary>
    public FeatureBatch(int rowCount, float[] numerical, long[] categorical,
        IReadOnlyList<string> numericalNames, IReadOnlyList<string> categoricalNames, IReadOnlyList<int> cardinalities,
        IReadOnlyList<RecordLocation?>? locations = null)
    {
        ArgumentNullException.ThrowIfNull(numerical);
        ArgumentNullException.ThrowIfNull(categorical);
        if (numerical.Length != rowCount * numericalNames.Count)
            throw new ArgumentException($"numerical has {numerical.Length} values, expected {rowCount} x {numericalNames.Count}.", nameof(numerical));
        if (categorical.Length != rowCount * categoricalNames.Count)
            throw new ArgumentException($"categorical has {categorical.Length} values, expected {rowCount} x {categoricalNames.Count}.", nameof(categorical));
        if (cardinalities.Count != categoricalNames.Count)
            throw new ArgumentException("one cardinality per categorical column is required.", nameof(cardinalities));
        RowCount = rowCount;
        Numerical = numerical;
        Categorical = categorical;
        NumericalNames = numericalNames;
        CategoricalNames = categoricalNames;
        Cardinalities = cardinalities;
        Locations = locations ?? new RecordLocation?[rowCount];
    }

    /// <summary>Rows in the batch.</summary>
    public int RowCount { get; }

    /// <summary>Numerical columns.</summary>
    public int NumericalCount => NumericalNames.Count;

    /// <summary>Categorical columns.</summary>
    public int CategoricalCount => CategoricalNames.Count;

    /// <summary>Numerical features, row-major, <c>RowCount × NumericalCount</c>.</summary>
    public float[] Numerical { get; }

    /// <summary>Categorical indices, row-major, <c>RowCount × CategoricalCount</c>.</summary>
    public long[] Categorical { get; }

    /// <summary>Shape of <see cref="Numerical"/>.</summary>
    public (int Rows, int Columns) NumericalShape => (RowCount, NumericalCount);

    /// <summary>Shape of <see cref="Categorical"/>.</summary>
    public (int Rows, int Columns) CategoricalShape => (RowCount, CategoricalCount);

    /// <summary>Names of the numerical columns (e.g. <c>traffic.bytes</c>, <c>time.hour_sin</c>).</summary>
    public IReadOnlyList<string> NumericalNames { get; }

    /// <summary>Names of the categorical columns (e.g. <c>class_uid</c>, <c>src_endpoint.ip.net</c>).</summary>
    public IReadOnlyList<string> CategoricalNames { get; }

    /// <summary>Embedding size of each categorical column (3 reserved indices included).</summary>
    public IReadOnlyList<int> Cardinalities { get; }

    /// <summary>Source location of each row, where known.</summary>
    public IReadOnlyList<RecordLocation?> Locations { get; }

    /// <summary>The numerical features of one row.</summary>
    public ReadOnlySpan<float> NumericalRow(int row) => Numerical.AsSpan(row * NumericalCount, NumericalCount);

    /// <summary>The categorical indices of one row.</summary>
    public ReadOnlySpan<long> CategoricalRow(int row) => Categorical.AsSpan(row * CategoricalCount, CategoricalCount);

    /// <summary>Numerical value by row and column name.</summary>
    public float GetNumerical(int row, string column)
    {
        var j = IndexOf(NumericalNames, column);
        return Numerical[row * NumericalCount + j];
    }

    /// <summary>Categorical index by row and column name.</summary>
    public long GetCategorical(int row, string column)
    {
        var j = IndexOf(CategoricalNames, column);
        return Categorical[row * CategoricalCount + j];
    }

    private static int IndexOf(IReadOnlyList<string> names, string column)
    {
        for (var i = 0; i < names.Count; i++)
            if (names[i] == column) return i;
        throw new KeyNotFoundException($"No column named '{column}' in this batch.");
    }
}
