using ResNetTab.Data;
using ResNetTab.Data.Preprocessing;

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
    /// <summary>The layout of a batch produced by the OCSF feature pipeline.</summary>
    /// <param name="batch">A transformed batch.</param>
    /// <returns>Its column names and cardinalities.</returns>
    public static TabularFeatureLayout From(FeatureBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new([.. batch.NumericalNames], [.. batch.CategoricalNames], [.. batch.Cardinalities]);
    }

    /// <summary>The layout a fitted preprocessor produces (its feature plan turned into columns).</summary>
    /// <param name="preprocessor">A fitted (or loaded) preprocessor.</param>
    /// <returns>Its column names and cardinalities.</returns>
    /// <exception cref="InvalidOperationException">The preprocessor is not fitted.</exception>
    public static TabularFeatureLayout From(TabularPreprocessor preprocessor)
    {
        ArgumentNullException.ThrowIfNull(preprocessor);
        if (!preprocessor.IsFitted) throw new InvalidOperationException("The preprocessor is not fitted: call Fit (or Load) before building a model from its feature plan.");
        return new([.. preprocessor.NumericalNames], [.. preprocessor.CategoricalNames], [.. preprocessor.Cardinalities]);
    }

    /// <summary>Number of numerical columns.</summary>
    public int NumericalCount => NumericalNames.Count;

    /// <summary>Number of categorical columns.</summary>
    public int CategoricalCount => CategoricalNames.Count;

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
            NumericalFeatures = NumericalNames.Count,
            Cardinalities = Cardinalities,
            NumericalNames = NumericalNames,
            CategoricalNames = CategoricalNames,
        };
    }
}
