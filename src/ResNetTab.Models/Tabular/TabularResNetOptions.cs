using System.Globalization;

namespace ResNetTab.Models.Tabular;

/// <summary>
/// The architecture of a <see cref="TabularResNet"/>. The defaults are the tutorial's (d_model 256, 6 residual
/// blocks, dropout 0.1, BatchNorm, embeddings of d/4, numerical projection to d/2, no classifier).
/// </summary>
/// <remarks>Build one directly, with <see cref="TabularResNetBuilder"/>, or from a feature layout with
/// <c>TabularResNet.FromFeaturePlan</c> (in ResNetTab.Pipeline).</remarks>
public sealed record TabularResNetOptions
{
    /// <summary>Numerical input columns (0 for none: the model then has no <c>numerical_projection</c>).</summary>
    public int NumericalColumns { get; init; }

    /// <summary>Cardinality of each categorical column (its index range is [0, cardinality)); empty for none.</summary>
    public IReadOnlyList<int> Cardinalities { get; init; } = [];

    /// <summary>Embedding size of each categorical column; null gives every column <see cref="Width"/>/4 (the tutorial).</summary>
    public IReadOnlyList<int>? CategoryEmbeddingDims { get; init; }

    /// <summary>The model width d (the tutorial's d_model): size of the blocks and of the embedding returned.</summary>
    public int Width { get; init; } = 256;

    /// <summary>Output size of <c>numerical_projection</c>; null for <see cref="Width"/>/2 (the tutorial).</summary>
    public int? NumericalProjectionDim { get; init; }

    /// <summary>Number of residual blocks.</summary>
    public int Blocks { get; init; } = 6;

    /// <summary>Dropout probability inside the blocks and the classifier.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Classes of the classifier head; null (or 0) for an embedding model without head.</summary>
    public int? NumClasses { get; init; }

    /// <summary>The block stacked <see cref="Blocks"/> times (ignored when <see cref="BlockFactory"/> is set).</summary>
    public TabularBlockKind BlockKind { get; init; } = TabularBlockKind.Residual;

    /// <summary>Normalisation after the initial projection and inside the blocks (the final norm is always LayerNorm).</summary>
    public TabularNormalization Normalization { get; init; } = TabularNormalization.BatchNorm;

    /// <summary>Creates custom blocks instead of <see cref="BlockKind"/>; each must map [N, d] to [N, d].</summary>
    public TabularBlockFactory? BlockFactory { get; init; }

    /// <summary>Width reduction of <see cref="TabularBlockKind.Bottleneck"/> blocks (d → d/reduction → d/reduction → d).</summary>
    public int BottleneckReduction { get; init; } = 4;

    /// <summary>Names of the numerical columns, used in error messages; optional.</summary>
    public IReadOnlyList<string>? NumericalNames { get; init; }

    /// <summary>Names of the categorical columns, used in error messages; optional.</summary>
    public IReadOnlyList<string>? CategoricalNames { get; init; }

    /// <summary>
    /// Whether every forward checks that categorical indices lie in [0, cardinality) and names the offending column
    /// and value (a small reduction per batch). Out-of-range indices otherwise fail inside the embedding lookup,
    /// without the column, or on CUDA with a device-side assertion.
    /// </summary>
    public bool ValidateCategoricalRange { get; init; } = true;

    /// <summary>Whether the model has a classifier head.</summary>
    public bool HasClassifier => NumClasses is > 0;

    /// <summary>Number of categorical columns.</summary>
    public int CategoricalFeatures => Cardinalities.Count;

    /// <summary>The numerical projection size actually used (0 without numerical columns).</summary>
    public int EffectiveNumericalProjectionDim => NumericalColumns == 0 ? 0 : NumericalProjectionDim ?? Width / 2;

    /// <summary>The embedding size of categorical column <paramref name="column"/>.</summary>
    /// <param name="column">Column index.</param>
    /// <returns><see cref="CategoryEmbeddingDims"/>[column], or <see cref="Width"/>/4.</returns>
    public int CategoryEmbeddingDim(int column) => CategoryEmbeddingDims is { } dims ? dims[column] : Width / 4;

    /// <summary>Width of the concatenated input of <c>initial_projection</c>.</summary>
    public int InputDim
    {
        get
        {
            var total = EffectiveNumericalProjectionDim;
            for (var j = 0; j < Cardinalities.Count; j++) total += CategoryEmbeddingDim(j);
            return total;
        }
    }

    /// <summary>The display name of categorical column <paramref name="column"/>: "2 ('src_endpoint.ip.net')" or "2".</summary>
    /// <param name="column">Column index.</param>
    /// <returns>The index, with the name when known.</returns>
    public string DescribeCategorical(int column) => Describe(column, CategoricalNames);

    /// <summary>The display name of numerical column <paramref name="column"/>.</summary>
    /// <param name="column">Column index.</param>
    /// <returns>The index, with the name when known.</returns>
    public string DescribeNumerical(int column) => Describe(column, NumericalNames);

    private static string Describe(int column, IReadOnlyList<string>? names) =>
        names is not null && column < names.Count
            ? string.Create(CultureInfo.InvariantCulture, $"{column} ('{names[column]}')")
            : column.ToString(CultureInfo.InvariantCulture);

    /// <summary>Checks the options, naming the first problem.</summary>
    /// <exception cref="ArgumentException">The options describe no valid model.</exception>
    public void Validate()
    {
        if (Cardinalities is null) throw new ArgumentException("Cardinalities must not be null (use an empty list for no categorical columns).");
        if (NumericalColumns < 0) throw new ArgumentException($"NumericalColumns must be >= 0, got {NumericalColumns}.");
        if (NumericalColumns == 0 && Cardinalities.Count == 0)
            throw new ArgumentException("A TabularResNet needs at least one numerical or categorical column.");
        if (Width < 4) throw new ArgumentException($"Width (d_model) must be >= 4, got {Width}.");
        if (Blocks < 0) throw new ArgumentException($"Blocks must be >= 0, got {Blocks}.");
        if (!(Dropout >= 0 && Dropout <= 1)) throw new ArgumentException($"Dropout must be in [0, 1], got {Dropout}.");
        if (NumClasses is < 0) throw new ArgumentException($"NumClasses must be positive (or null for no classifier), got {NumClasses}.");
        if (NumClasses is > 0 && Width / 2 < 1) throw new ArgumentException($"Width {Width} is too small for a classifier head.");
        if (NumericalProjectionDim is <= 0) throw new ArgumentException($"NumericalProjectionDim must be positive, got {NumericalProjectionDim}.");
        for (var j = 0; j < Cardinalities.Count; j++)
            if (Cardinalities[j] <= 0)
                throw new ArgumentException($"Categorical column {DescribeCategorical(j)} has cardinality {Cardinalities[j]}; it must be positive.");
        if (CategoryEmbeddingDims is { } dims)
        {
            if (dims.Count != Cardinalities.Count)
                throw new ArgumentException($"CategoryEmbeddingDims has {dims.Count} entries but there are {Cardinalities.Count} categorical columns.");
            for (var j = 0; j < dims.Count; j++)
                if (dims[j] <= 0) throw new ArgumentException($"Categorical column {DescribeCategorical(j)} has embedding size {dims[j]}; it must be positive.");
        }
        if (NumericalNames is { } nn && nn.Count != NumericalColumns)
            throw new ArgumentException($"NumericalNames has {nn.Count} names but there are {NumericalColumns} numerical columns.");
        if (CategoricalNames is { } cn && cn.Count != Cardinalities.Count)
            throw new ArgumentException($"CategoricalNames has {cn.Count} names but there are {Cardinalities.Count} categorical columns.");
        if (BlockFactory is null && BlockKind == TabularBlockKind.Bottleneck && (BottleneckReduction <= 0 || Width / BottleneckReduction < 1))
            throw new ArgumentException($"BottleneckReduction {BottleneckReduction} does not fit Width {Width}.");
        if (!Enum.IsDefined(BlockKind)) throw new ArgumentException($"Unknown block kind {BlockKind}.");
        if (!Enum.IsDefined(Normalization)) throw new ArgumentException($"Unknown normalisation {Normalization}.");
    }
}
