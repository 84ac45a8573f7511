using System.Globalization;

namespace ResNetTab;

/// <summary>
/// Rows of tabular data, from featurization to models and scorers: numerical float32 values and categorical int64
/// indices, each a row-major <c>RowCount × columns</c> block, with an optional <see cref="Schema"/> (column names,
/// cardinalities) and optional source <see cref="Locations"/>. <see cref="Slice"/> views rows without copying;
/// <see cref="Select"/> copies rows in any order.
/// </summary>
/// <remarks>
/// The memory is used, not copied: a change to the arrays shows through every view of them. Models and scorers check
/// the values where the rows enter them (finite numerical values, categorical indices within the cardinalities).
/// </remarks>
public sealed class TabularData
{
    private readonly ArraySegment<RecordLocation?>? locations;

    /// <summary>Wraps row-major blocks without a schema, after checking their lengths.</summary>
    /// <param name="numerical">Row-major <c>rowCount × numericalCount</c> values.</param>
    /// <param name="categorical">Row-major <c>rowCount × categoricalCount</c> indices.</param>
    /// <param name="rowCount">Rows.</param>
    /// <param name="numericalCount">Numerical columns per row.</param>
    /// <param name="categoricalCount">Categorical columns per row.</param>
    /// <exception cref="ArgumentException">The blocks do not hold <paramref name="rowCount"/> rows of these widths.</exception>
    public TabularData(Memory<float> numerical, Memory<long> categorical, int rowCount, int numericalCount, int categoricalCount)
        : this(numerical, categorical, rowCount, numericalCount, categoricalCount, null, null)
    {
    }

    /// <summary>Wraps row-major blocks whose columns the schema describes, after checking their lengths.</summary>
    /// <param name="numerical">Row-major <c>rowCount × schema.NumericalCount</c> values.</param>
    /// <param name="categorical">Row-major <c>rowCount × schema.CategoricalCount</c> indices.</param>
    /// <param name="rowCount">Rows.</param>
    /// <param name="schema">Column names and cardinalities.</param>
    /// <param name="locations">Source location of each row (null entries where unknown); none when null.</param>
    /// <exception cref="ArgumentException">The blocks or the locations do not hold <paramref name="rowCount"/> rows of the schema's widths.</exception>
    public TabularData(Memory<float> numerical, Memory<long> categorical, int rowCount, TabularSchema schema,
        IReadOnlyList<RecordLocation?>? locations = null)
        : this(numerical, categorical, rowCount, (schema ?? throw new ArgumentNullException(nameof(schema))).NumericalCount, schema.CategoricalCount,
            schema, locations is null ? default(ArraySegment<RecordLocation?>?) : CopyLocations(locations, rowCount))
    {
    }

    private TabularData(Memory<float> numerical, Memory<long> categorical, int rowCount, int numericalCount, int categoricalCount,
        TabularSchema? schema, ArraySegment<RecordLocation?>? locations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(numericalCount);
        ArgumentOutOfRangeException.ThrowIfNegative(categoricalCount);
        if (numerical.Length != (long)rowCount * numericalCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The numerical block holds {numerical.Length} values; {rowCount} rows × {numericalCount} columns need {(long)rowCount * numericalCount}."), nameof(numerical));
        if (categorical.Length != (long)rowCount * categoricalCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The categorical block holds {categorical.Length} values; {rowCount} rows × {categoricalCount} columns need {(long)rowCount * categoricalCount}."), nameof(categorical));
        Numerical = numerical;
        Categorical = categorical;
        RowCount = rowCount;
        NumericalCount = numericalCount;
        CategoricalCount = categoricalCount;
        Schema = schema;
        this.locations = locations;
    }

    /// <summary>Rows.</summary>
    public int RowCount { get; }

    /// <summary>Numerical columns per row.</summary>
    public int NumericalCount { get; }

    /// <summary>Categorical columns per row.</summary>
    public int CategoricalCount { get; }

    /// <summary>Numerical values, row-major, <c>RowCount × NumericalCount</c>.</summary>
    public Memory<float> Numerical { get; }

    /// <summary>Categorical indices, row-major, <c>RowCount × CategoricalCount</c>.</summary>
    public Memory<long> Categorical { get; }

    /// <summary>Column names and cardinalities, where known (the featurizer always sets them).</summary>
    public TabularSchema? Schema { get; }

    /// <summary>Source location of each row (null entries where unknown); null when the rows carry no locations.</summary>
    public IReadOnlyList<RecordLocation?>? Locations => locations;

    /// <summary>The numerical values of one row (a view).</summary>
    /// <param name="row">0-based row.</param>
    /// <returns>The row's <see cref="NumericalCount"/> values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside <c>[0, RowCount)</c>.</exception>
    public Span<float> NumericalRow(int row)
    {
        CheckRow(row);
        return Numerical.Span.Slice(row * NumericalCount, NumericalCount);
    }

    /// <summary>The categorical indices of one row (a view).</summary>
    /// <param name="row">0-based row.</param>
    /// <returns>The row's <see cref="CategoricalCount"/> indices.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside <c>[0, RowCount)</c>.</exception>
    public Span<long> CategoricalRow(int row)
    {
        CheckRow(row);
        return Categorical.Span.Slice(row * CategoricalCount, CategoricalCount);
    }

    /// <summary>A numerical value by row and column name.</summary>
    /// <param name="row">0-based row.</param>
    /// <param name="column">Column name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The rows have no schema.</exception>
    /// <exception cref="KeyNotFoundException">No numerical column has that name.</exception>
    public float GetNumerical(int row, string column) => NumericalRow(row)[RequireSchema().NumericalIndexOf(column)];

    /// <summary>A categorical index by row and column name.</summary>
    /// <param name="row">0-based row.</param>
    /// <param name="column">Column name.</param>
    /// <returns>The index.</returns>
    /// <exception cref="InvalidOperationException">The rows have no schema.</exception>
    /// <exception cref="KeyNotFoundException">No categorical column has that name.</exception>
    public long GetCategorical(int row, string column) => CategoricalRow(row)[RequireSchema().CategoricalIndexOf(column)];

    /// <summary>Contiguous rows as a view sharing this memory (schema and locations included); nothing is copied.</summary>
    /// <param name="start">First row.</param>
    /// <param name="count">Rows.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside <c>[0, RowCount)</c>.</exception>
    public TabularData Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start > RowCount - count)
            throw new ArgumentOutOfRangeException(nameof(start), string.Create(CultureInfo.InvariantCulture,
                $"Rows [{start}, {(long)start + count}) are outside the {RowCount} rows."));
        return new TabularData(
            Numerical.Slice(start * NumericalCount, count * NumericalCount),
            Categorical.Slice(start * CategoricalCount, count * CategoricalCount),
            count, NumericalCount, CategoricalCount, Schema, locations?.Slice(start, count));
    }

    /// <summary>A copy of the given rows in the given order (schema and locations included).</summary>
    /// <param name="rows">0-based row indices; repeats are allowed.</param>
    /// <returns>The selection.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>[0, RowCount)</c>.</exception>
    public TabularData Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var numerical = new float[(long)rows.Count * NumericalCount];
        var categorical = new long[(long)rows.Count * CategoricalCount];
        var selected = locations is null ? null : new RecordLocation?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (r < 0 || r >= RowCount)
                throw new ArgumentOutOfRangeException(nameof(rows), string.Create(CultureInfo.InvariantCulture,
                    $"Selected row {i} is {r}, outside [0, {RowCount})."));
            Numerical.Span.Slice(r * NumericalCount, NumericalCount).CopyTo(numerical.AsSpan(i * NumericalCount));
            Categorical.Span.Slice(r * CategoricalCount, CategoricalCount).CopyTo(categorical.AsSpan(i * CategoricalCount));
            if (selected is not null) selected[i] = locations!.Value[r];
        }
        return new TabularData(numerical, categorical, rows.Count, NumericalCount, CategoricalCount, Schema,
            selected is null ? default(ArraySegment<RecordLocation?>?) : new ArraySegment<RecordLocation?>(selected));
    }

    /// <summary>
    /// Checks every categorical index against the schema's cardinalities (nothing to check without a schema).
    /// </summary>
    /// <exception cref="ArgumentException">The first index outside <c>[0, cardinality)</c>, naming the row, the column and the value.</exception>
    public void EnsureCategoriesInRange()
    {
        if (Schema is not null) EnsureCategoriesIn(Schema.Cardinalities, "rows");
    }

    /// <summary>
    /// Checks that the rows fit a model's columns: counts, finite numerical values, categorical indices within the
    /// model's cardinalities (and the schema's, where there is one). Called where rows enter a model.
    /// </summary>
    /// <param name="numericalCount">The model's numerical columns.</param>
    /// <param name="cardinalities">The model's categorical cardinalities.</param>
    /// <param name="what">What the rows are, for messages ("training rows").</param>
    /// <exception cref="ArgumentException">The first problem found, naming the row and the column.</exception>
    internal void EnsureFits(int numericalCount, IReadOnlyList<int> cardinalities, string what)
    {
        ArgumentNullException.ThrowIfNull(cardinalities);
        if (RowCount == 0) throw new ArgumentException($"The {what} are empty; at least one row is needed.");
        if (NumericalCount != numericalCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The {what} have {NumericalCount} numerical columns but the model expects {numericalCount}."));
        if (CategoricalCount != cardinalities.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The {what} have {CategoricalCount} categorical columns but the model expects {cardinalities.Count}."));
        var numerical = Numerical.Span;
        for (var i = 0; i < numerical.Length; i++)
            if (!float.IsFinite(numerical[i]))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The {what} hold {(float.IsNaN(numerical[i]) ? "NaN" : "an infinite value")} at row {i / NumericalCount}, numerical column {NumericalName(i % NumericalCount)}; impute or drop it first."));
        EnsureCategoriesIn(cardinalities, what);
        if (Schema is not null) EnsureCategoriesIn(Schema.Cardinalities, what);
    }

    private void EnsureCategoriesIn(IReadOnlyList<int> cardinalities, string what)
    {
        var categorical = Categorical.Span;
        for (var i = 0; i < categorical.Length; i++)
        {
            var c = i % CategoricalCount;
            if (categorical[i] < 0 || categorical[i] >= cardinalities[c])
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The {what} hold index {categorical[i]} at row {i / CategoricalCount}, categorical column {CategoricalName(c)}, outside [0, {cardinalities[c]})."));
        }
    }

    private string NumericalName(int column) => Schema is null
        ? column.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{column} ('{Schema.NumericalNames[column]}')");

    private string CategoricalName(int column) => Schema is null
        ? column.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{column} ('{Schema.CategoricalNames[column]}')");

    private TabularSchema RequireSchema() =>
        Schema ?? throw new InvalidOperationException("These rows have no schema; columns can only be addressed by index.");

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)RowCount)
            throw new ArgumentOutOfRangeException(nameof(row), row, string.Create(CultureInfo.InvariantCulture, $"Row {row} is outside [0, {RowCount})."));
    }

    private static ArraySegment<RecordLocation?> CopyLocations(IReadOnlyList<RecordLocation?> locations, int rowCount)
    {
        if (locations.Count != rowCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"There are {locations.Count} locations for {rowCount} rows; one per row is needed."), nameof(locations));
        return new ArraySegment<RecordLocation?>([.. locations]);
    }
}
