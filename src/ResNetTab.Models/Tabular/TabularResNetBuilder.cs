
namespace ResNetTab.Models.Tabular;

/// <summary>
/// Fluent construction of a <see cref="TabularResNet"/>:
/// <c>TabularResNetBuilder.Create().WithNumericalColumns(50).WithCategorical(100, 50, 200, 1000).WithWidth(256).WithBlocks(6).WithDropout(0.1).Build()</c>.
/// Starts from the tutorial's defaults (<see cref="TabularResNetOptions"/>); every call returns the builder.
/// </summary>
public sealed class TabularResNetBuilder
{
    private TabularResNetOptions options = new();
    private Func<int, int>? embeddingRule;

    private TabularResNetBuilder() { }

    /// <summary>A builder with the tutorial's defaults (d 256, 6 residual blocks, dropout 0.1, BatchNorm, no classifier).</summary>
    /// <returns>The builder.</returns>
    public static TabularResNetBuilder Create() => new();

    /// <summary>A builder starting from existing options.</summary>
    /// <param name="options">The options to start from.</param>
    /// <returns>The builder.</returns>
    public static TabularResNetBuilder From(TabularResNetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TabularResNetBuilder { options = options };
    }

    /// <summary>
    /// The embedding-size rule of fastai: min(600, round(1.6 · cardinality^0.56)). Pass it to
    /// <see cref="WithCategoryEmbeddingDims(Func{int, int})"/> for sizes that grow with the cardinality.
    /// </summary>
    /// <param name="cardinality">The column's cardinality.</param>
    /// <returns>The embedding size.</returns>
    public static int FastAiEmbeddingRule(int cardinality) => Math.Min(600, (int)Math.Round(1.6 * Math.Pow(cardinality, 0.56), MidpointRounding.AwayFromZero));

    /// <summary>The options as configured so far (embedding sizes from a rule are resolved).</summary>
    public TabularResNetOptions Options => embeddingRule is null ? options : options with { CategoryEmbeddingDims = [.. options.Cardinalities.Select(embeddingRule)] };

    /// <summary>Sets the number of numerical columns (0 for none).</summary>
    /// <param name="count">Numerical columns.</param>
    /// <param name="names">Optional column names, used in error messages.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithNumericalColumns(int count, IReadOnlyList<string>? names = null)
    {
        options = options with { NumericalColumns = count, NumericalNames = names };
        return this;
    }

    /// <summary>Sets the categorical columns by cardinality (none when empty).</summary>
    /// <param name="cardinalities">Cardinality of each column.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithCategorical(params int[] cardinalities)
    {
        ArgumentNullException.ThrowIfNull(cardinalities);
        options = options with { Cardinalities = [.. cardinalities], CategoricalNames = null };
        return this;
    }

    /// <summary>Sets named categorical columns.</summary>
    /// <param name="columns">Name and cardinality of each column.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithCategorical(params (string name, int cardinality)[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        options = options with { Cardinalities = [.. columns.Select(c => c.cardinality)], CategoricalNames = [.. columns.Select(c => c.name)] };
        return this;
    }

    /// <summary>Takes the columns (counts, names, cardinalities) from a layout.</summary>
    /// <param name="layout">The column layout.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithFeatureLayout(TabularFeatureLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        options = layout.ApplyTo(options);
        return this;
    }

    /// <summary>Sets one embedding size per categorical column (default: width/4 each).</summary>
    /// <param name="dims">Embedding size of each column.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithCategoryEmbeddingDims(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        options = options with { CategoryEmbeddingDims = [.. dims] };
        embeddingRule = null;
        return this;
    }

    /// <summary>Sizes each column's embedding from its cardinality, e.g. with <see cref="FastAiEmbeddingRule"/>.</summary>
    /// <param name="rule">Embedding size for a cardinality.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithCategoryEmbeddingDims(Func<int, int> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        embeddingRule = rule;
        return this;
    }

    /// <summary>Sets the model width d (the tutorial's d_model; default 256).</summary>
    /// <param name="width">The width.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithWidth(int width)
    {
        options = options with { Width = width };
        return this;
    }

    /// <summary>Sets the output size of <c>numerical_projection</c> (default width/2).</summary>
    /// <param name="dim">The projection size.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithNumericalProjection(int dim)
    {
        options = options with { NumericalProjectionDim = dim };
        return this;
    }

    /// <summary>Sets the number of residual blocks (default 6).</summary>
    /// <param name="blocks">The block count.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithBlocks(int blocks)
    {
        options = options with { Blocks = blocks };
        return this;
    }

    /// <summary>Sets the dropout probability (default 0.1).</summary>
    /// <param name="dropout">The probability.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithDropout(double dropout)
    {
        options = options with { Dropout = dropout };
        return this;
    }

    /// <summary>Adds a classifier head with <paramref name="classes"/> outputs.</summary>
    /// <param name="classes">Number of classes.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithClasses(int classes)
    {
        options = options with { NumClasses = classes };
        return this;
    }

    /// <summary>Removes the classifier head: the network returns embeddings.</summary>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder AsEmbeddingModel()
    {
        options = options with { NumClasses = null };
        return this;
    }

    /// <summary>Chooses the residual block (default <see cref="TabularBlockKind.Residual"/>) and drops any block factory.</summary>
    /// <param name="kind">The block kind.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithBlockKind(TabularBlockKind kind)
    {
        options = options with { BlockKind = kind, BlockFactory = null };
        return this;
    }

    /// <summary>Creates the blocks with a factory (each must map [N, d] to [N, d]).</summary>
    /// <param name="factory">The block factory.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithBlockFactory(TabularBlockFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        options = options with { BlockFactory = factory };
        return this;
    }

    /// <summary>Sets the width reduction of bottleneck blocks (default 4).</summary>
    /// <param name="reduction">d → d/reduction.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithBottleneckReduction(int reduction)
    {
        options = options with { BottleneckReduction = reduction };
        return this;
    }

    /// <summary>Chooses BatchNorm (default) or LayerNorm for <c>initial_bn</c> and inside the blocks.</summary>
    /// <param name="normalization">The normalisation.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithNormalization(TabularNormalization normalization)
    {
        options = options with { Normalization = normalization };
        return this;
    }

    /// <summary>Turns the per-forward check of categorical index ranges on (default) or off.</summary>
    /// <param name="enabled">Whether to check.</param>
    /// <returns>The builder.</returns>
    public TabularResNetBuilder WithCategoricalRangeCheck(bool enabled)
    {
        options = options with { ValidateCategoricalRange = enabled };
        return this;
    }

    /// <summary>Creates the network.</summary>
    /// <returns>A new network with PyTorch's default initialisation.</returns>
    /// <exception cref="ArgumentException">The configuration is invalid (the message names the setting).</exception>
    public TabularResNet Build() => new(Options);
}
