using System.Collections.ObjectModel;
using System.Globalization;

namespace ResNetTab;

/// <summary>
/// The columns of a <see cref="TabularData"/>: names of the numerical and categorical columns and the cardinality of
/// each categorical column (its indices lie in <c>[0, cardinality)</c>). Immutable; the lists are copied.
/// </summary>
public sealed class TabularSchema
{
    /// <summary>Creates a schema after checking that there is one cardinality per categorical column and that every cardinality is positive.</summary>
    /// <param name="numericalNames">Names of the numerical columns, in column order.</param>
    /// <param name="categoricalNames">Names of the categorical columns, in column order.</param>
    /// <param name="cardinalities">Number of categories of each categorical column.</param>
    /// <exception cref="ArgumentException">A name is null, the cardinalities do not match the categorical columns, or one is not positive.</exception>
    public TabularSchema(IReadOnlyList<string> numericalNames, IReadOnlyList<string> categoricalNames, IReadOnlyList<int> cardinalities)
    {
        ArgumentNullException.ThrowIfNull(numericalNames);
        ArgumentNullException.ThrowIfNull(categoricalNames);
        ArgumentNullException.ThrowIfNull(cardinalities);
        if (cardinalities.Count != categoricalNames.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The schema has {categoricalNames.Count} categorical columns but {cardinalities.Count} cardinalities; one per column is needed."), nameof(cardinalities));
        for (var j = 0; j < cardinalities.Count; j++)
            if (cardinalities[j] <= 0)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Categorical column {j} ('{categoricalNames[j]}') has cardinality {cardinalities[j]}; it must be positive."), nameof(cardinalities));
        NumericalNames = Copy(numericalNames, nameof(numericalNames));
        CategoricalNames = Copy(categoricalNames, nameof(categoricalNames));
        Cardinalities = new ReadOnlyCollection<int>([.. cardinalities]);
    }

    /// <summary>Names of the numerical columns (e.g. <c>traffic.bytes</c>, <c>time.hour_sin</c>).</summary>
    public IReadOnlyList<string> NumericalNames { get; }

    /// <summary>Names of the categorical columns (e.g. <c>class_uid</c>, <c>src_endpoint.ip.net</c>).</summary>
    public IReadOnlyList<string> CategoricalNames { get; }

    /// <summary>Number of categories of each categorical column.</summary>
    public IReadOnlyList<int> Cardinalities { get; }

    /// <summary>Numerical columns.</summary>
    public int NumericalColumns => NumericalNames.Count;

    /// <summary>Categorical columns.</summary>
    public int CategoricalColumns => CategoricalNames.Count;

    /// <summary>
    /// Every column name, numerical columns first, then categorical: the column order of the scorer matrix built from a
    /// <see cref="TabularData"/> (and so of a scorer's per-column contributions).
    /// </summary>
    public IReadOnlyList<string> ColumnNames => [.. NumericalNames, .. CategoricalNames];

    /// <summary>Index of a numerical column by name.</summary>
    /// <param name="name">Column name.</param>
    /// <returns>0-based column index.</returns>
    /// <exception cref="KeyNotFoundException">No numerical column has that name.</exception>
    public int NumericalIndexOf(string name) => IndexOf(NumericalNames, name, "numerical");

    /// <summary>Index of a categorical column by name.</summary>
    /// <param name="name">Column name.</param>
    /// <returns>0-based column index.</returns>
    /// <exception cref="KeyNotFoundException">No categorical column has that name.</exception>
    public int CategoricalIndexOf(string name) => IndexOf(CategoricalNames, name, "categorical");

    private static int IndexOf(IReadOnlyList<string> names, string name, string kind)
    {
        for (var i = 0; i < names.Count; i++)
            if (string.Equals(names[i], name, StringComparison.Ordinal)) return i;
        throw new KeyNotFoundException($"No {kind} column named '{name}' in this schema.");
    }

    private static ReadOnlyCollection<string> Copy(IReadOnlyList<string> names, string parameter)
    {
        var copy = new string[names.Count];
        for (var i = 0; i < copy.Length; i++)
            copy[i] = names[i] ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Column name {i} is null."), parameter);
        return new ReadOnlyCollection<string>(copy);
    }
}
