using System.Globalization;

namespace ResNetTab;

/// <summary>
/// Rows of tabular data, from featurization to models and scorers: numerical float32 values and categorical int64
/// indices, each a row-major <c>Rows × columns</c> block, with an optional <see cref="Schema"/> (column names,
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
    /// <param name="numerical">Row-major <c>rows × numericalColumns</c> values.</param>
    /// <param name="categorical">Row-major <c>rows × categoricalColumns</c> indices.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="numericalColumns">Numerical columns per row.</param>
    /// <param name="categoricalColumns">Categorical columns per row.</param>
    /// <exception cref="ArgumentException">The blocks do not hold <paramref name="rows"/> rows of these widths.</exception>
    public TabularData(Memory<float> numerical, Memory<long> categorical, int rows, int numericalColumns, int categoricalColumns)
        : this(numerical, categorical, rows, numericalColumns, categoricalColumns, null, null)
    {
    }

    /// <summary>Wraps row-major blocks whose columns the schema describes, after checking their lengths.</summary>
    /// <param name="numerical">Row-major <c>rows × schema.NumericalColumns</c> values.</param>
    /// <param name="categorical">Row-major <c>rows × schema.CategoricalColumns</c> indices.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="schema">Column names and cardinalities.</param>
    /// <param name="locations">Source location of each row (null entries where unknown); none when null.</param>
    /// <exception cref="ArgumentException">The blocks or the locations do not hold <paramref name="rows"/> rows of the schema's widths.</exception>
    public TabularData(Memory<float> numerical, Memory<long> categorical, int rows, TabularSchema schema,
        IReadOnlyList<RecordLocation?>? locations = null)
        : this(numerical, categorical, rows, (schema ?? throw new ArgumentNullException(nameof(schema))).NumericalColumns, schema.CategoricalColumns,
            schema, locations is null ? default(ArraySegment<RecordLocation?>?) : CopyLocations(locations, rows))
    {
    }

    private TabularData(Memory<float> numerical, Memory<long> categorical, int rows, int numericalColumns, int categoricalColumns,
        TabularSchema? schema, ArraySegment<RecordLocation?>? locations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(numericalColumns);
        ArgumentOutOfRangeException.ThrowIfNegative(categoricalColumns);
        if (numerical.Length != (long)rows * numericalColumns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The numerical block holds {numerical.Length} values; {rows} rows × {numericalColumns} columns need {(long)rows * numericalColumns}."), nameof(numerical));
        if (categorical.Length != (long)rows * categoricalColumns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The categorical block holds {categorical.Length} values; {rows} rows × {categoricalColumns} columns need {(long)rows * categoricalColumns}."), nameof(categorical));
        Numerical = numerical;
        Categorical = categorical;
        Rows = rows;
        NumericalColumns = numericalColumns;
        CategoricalColumns = categoricalColumns;
        Schema = schema;
        this.locations = locations;
    }

    /// <summary>Rows.</summary>
    public int Rows { get; }

    /// <summary>Numerical columns per row.</summary>
    public int NumericalColumns { get; }

    /// <summary>Categorical columns per row.</summary>
    public int CategoricalColumns { get; }

    /// <summary>Numerical values, row-major, <c>Rows × NumericalColumns</c>.</summary>
    public Memory<float> Numerical { get; }

    /// <summary>Categorical indices, row-major, <c>Rows × CategoricalColumns</c>.</summary>
    public Memory<long> Categorical { get; }

    /// <summary>Column names and cardinalities, where known (the featurizer always sets them).</summary>
    public TabularSchema? Schema { get; }

    /// <summary>Source location of each row (null entries where unknown); null when the rows carry no locations.</summary>
    public IReadOnlyList<RecordLocation?>? Locations => locations;

    /// <summary>The numerical values of one row (a view).</summary>
    /// <param name="row">0-based row.</param>
    /// <returns>The row's <see cref="NumericalColumns"/> values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside <c>[0, Rows)</c>.</exception>
    public Span<float> NumericalRow(int row)
    {
        CheckRow(row);
        return Numerical.Span.Slice(row * NumericalColumns, NumericalColumns);
    }

    /// <summary>The categorical indices of one row (a view).</summary>
    /// <param name="row">0-based row.</param>
    /// <returns>The row's <see cref="CategoricalColumns"/> indices.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside <c>[0, Rows)</c>.</exception>
    public Span<long> CategoricalRow(int row)
    {
        CheckRow(row);
        return Categorical.Span.Slice(row * CategoricalColumns, CategoricalColumns);
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
    /// <exception cref="ArgumentOutOfRangeException">The range is outside <c>[0, Rows)</c>.</exception>
    public TabularData Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start > Rows - count)
            throw new ArgumentOutOfRangeException(nameof(start), string.Create(CultureInfo.InvariantCulture,
                $"Rows [{start}, {(long)start + count}) are outside the {Rows} rows."));
        return new TabularData(
            Numerical.Slice(start * NumericalColumns, count * NumericalColumns),
            Categorical.Slice(start * CategoricalColumns, count * CategoricalColumns),
            count, NumericalColumns, CategoricalColumns, Schema, locations?.Slice(start, count));
    }

    /// <summary>A copy of the given rows in the given order (schema and locations included).</summary>
    /// <param name="rows">0-based row indices; repeats are allowed.</param>
    /// <returns>The selection.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>[0, Rows)</c>.</exception>
    public TabularData Select(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var numerical = new float[(long)rows.Count * NumericalColumns];
        var categorical = new long[(long)rows.Count * CategoricalColumns];
        var selected = locations is null ? null : new RecordLocation?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (r < 0 || r >= Rows)
                throw new ArgumentOutOfRangeException(nameof(rows), string.Create(CultureInfo.InvariantCulture,
                    $"Selected row {i} is {r}, outside [0, {Rows})."));
            Numerical.Span.Slice(r * NumericalColumns, NumericalColumns).CopyTo(numerical.AsSpan(i * NumericalColumns));
            Categorical.Span.Slice(r * CategoricalColumns, CategoricalColumns).CopyTo(categorical.AsSpan(i * CategoricalColumns));
            if (selected is not null) selected[i] = locations!.Value[r];
        }
        return new TabularData(numerical, categorical, rows.Count, NumericalColumns, CategoricalColumns, Schema,
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
    /// <param name="numericalColumns">The model's numerical columns.</param>
    /// <param name="cardinalities">The model's categorical cardinalities.</param>
    /// <param name="what">What the rows are, for messages ("training rows").</param>
    /// <exception cref="ArgumentException">The first problem found, naming the row and the column.</exception>
    internal void EnsureFits(int numericalColumns, IReadOnlyList<int> cardinalities, string what)
    {
        ArgumentNullException.ThrowIfNull(cardinalities);
        if (Rows == 0) throw new ArgumentException($"The {what} are empty; at least one row is needed.");
        if (NumericalColumns != numericalColumns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The {what} have {NumericalColumns} numerical columns but the model expects {numericalColumns}."));
        if (CategoricalColumns != cardinalities.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The {what} have {CategoricalColumns} categorical columns but the model expects {cardinalities.Count}."));
        var numerical = Numerical.Span;
        for (var i = 0; i < numerical.Length; i++)
            if (!float.IsFinite(numerical[i]))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The {what} hold {(float.IsNaN(numerical[i]) ? "NaN" : "an infinite value")} at row {i / NumericalColumns}, numerical column {NumericalName(i % NumericalColumns)}; impute or drop it first."));
        EnsureCategoriesIn(cardinalities, what);
        if (Schema is not null) EnsureCategoriesIn(Schema.Cardinalities, what);
    }

    private void EnsureCategoriesIn(IReadOnlyList<int> cardinalities, string what)
    {
        var categorical = Categorical.Span;
        for (var i = 0; i < categorical.Length; i++)
        {
            var c = i % CategoricalColumns;
            if (categorical[i] < 0 || categorical[i] >= cardinalities[c])
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The {what} hold index {categorical[i]} at row {i / CategoricalColumns}, categorical column {CategoricalName(c)}, outside [0, {cardinalities[c]})."));
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
        if ((uint)row >= (uint)Rows)
            throw new ArgumentOutOfRangeException(nameof(row), row, string.Create(CultureInfo.InvariantCulture, $"Row {row} is outside [0, {Rows})."));
    }

    private static ArraySegment<RecordLocation?> CopyLocations(IReadOnlyList<RecordLocation?> locations, int rows)
    {
        if (locations.Count != rows)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"There are {locations.Count} locations for {rows} rows; one per row is needed."), nameof(locations));
        return new ArraySegment<RecordLocation?>([.. locations]);
    }
}
