
namespace ResNetTab.Models.Tabular;

/// <summary>
/// The column layout a <see cref="TabularResNet"/> consumes: numerical column names, categorical column names and
/// each categorical column's cardinality (reserved indices 0 = [MASK], 1 = missing, 2 = unknown included).
/// </summary>
/// <param name="NumericalNames">Names of the numerical columns, in input order.</param>
/// <param name="CategoricalNames">Names of the categorical columns, in input order.</param>
/// <param name="Cardinalities">Cardinality of each categorical column.</param>
public sealed record TabularFeatureLayout(IReadOnlyList<string> NumericalNames, IReadOnlyList<string> CategoricalNames, IReadOnlyList<int> Cardinalities)
{
    /// <summary>Number of numerical columns.</summary>
    public int NumericalColumns => NumericalNames.Count;

    /// <summary>Number of categorical columns.</summary>
    public int CategoricalColumns => CategoricalNames.Count;

    /// <summary><paramref name="options"/> (or the defaults) with this layout's columns, names and cardinalities.</summary>
    /// <param name="options">The architecture; its column settings are replaced.</param>
    /// <returns>The options for this layout.</returns>
    /// <exception cref="ArgumentException">The names and cardinalities disagree in count.</exception>
    public TabularResNetOptions ApplyTo(TabularResNetOptions? options = null)
    {
        if (CategoricalNames.Count != Cardinalities.Count)
            throw new ArgumentException($"The layout has {CategoricalNames.Count} categorical names but {Cardinalities.Count} cardinalities.");
        return (options ?? new TabularResNetOptions()) with
        {
            NumericalColumns = NumericalNames.Count,
            Cardinalities = Cardinalities,
            NumericalNames = NumericalNames,
            CategoricalNames = CategoricalNames,
        };
    }
}
