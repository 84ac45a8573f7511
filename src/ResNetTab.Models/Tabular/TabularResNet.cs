using ResNetTab.Models.Layers;
using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tabular;

/// <summary>
/// A residual network for tabular records (numerical and categorical columns) that produces an embedding per row
/// and, optionally, class logits.
/// </summary>
/// <remarks>
/// <para>Architecture (the tutorial's, with the defaults of <see cref="TabularResNetOptions"/>): one
/// <c>Embedding(cardinality, d/4)</c> per categorical column, <c>numerical_projection</c> Linear(n_num, d/2),
/// concatenation, <c>initial_projection</c> Linear → <c>initial_bn</c> → ReLU, N residual <c>blocks</c>,
/// <c>final_norm</c> LayerNorm → the embedding, and an optional <c>classifier</c> (Linear d → d/2, ReLU, Dropout,
/// Linear → classes).</para>
/// <para>Parameter and buffer names and their order are PyTorch's (<c>embeddings.{i}.weight</c>,
/// <c>numerical_projection.*</c>, <c>initial_projection.*</c>, <c>initial_bn.*</c>, <c>blocks.{i}.fc1/bn1/fc2/bn2.*</c>,
/// <c>final_norm.*</c>, <c>classifier.{0,3}.*</c>), so the state dict of the PyTorch model loads with
/// <c>load_state_dict</c> and reproduces its outputs.</para>
/// <para>Inputs: <c>numerical</c> [N, n_num] in the model's floating dtype and <c>categorical</c> [N, n_cat] of int64
/// indices, column j in [0, cardinality_j). A model without numerical (or categorical) columns accepts null or a
/// tensor with zero columns for that input. Inputs are checked and errors name the problem (shape, dtype, and for an
/// index out of range the column, row and value).</para>
/// </remarks>
public sealed partial class TabularResNet : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Creates the network with PyTorch's default initialisation of every layer.</summary>
    /// <param name="options">The architecture.</param>
    /// <exception cref="ArgumentException">The options are invalid, or a block factory returned null.</exception>
    public TabularResNet(TabularResNetOptions options) : base(nameof(TabularResNet))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var d = options.Width;

        embeddings = new ModuleList<Embedding>();
        for (var j = 0; j < options.CategoricalFeatures; j++)
            embeddings.append(nn.Embedding(options.Cardinalities[j], options.CategoryEmbeddingDim(j)));
        register_module(nameof(embeddings), embeddings);

        if (options.NumericalColumns > 0)
        {
            numerical_projection = nn.Linear(options.NumericalColumns, options.EffectiveNumericalProjectionDim);
            register_module(nameof(numerical_projection), numerical_projection);
        }

        initial_projection = nn.Linear(options.InputDim, d);
        register_module(nameof(initial_projection), initial_projection);
        initial_bn = options.Normalization.Create(d);
        register_module(nameof(initial_bn), initial_bn);

        blocks = new ModuleList<nn.Module<Tensor, Tensor>>();
        for (var i = 0; i < options.Blocks; i++) blocks.append(CreateBlock(options, i));
        register_module(nameof(blocks), blocks);

        final_norm = nn.LayerNorm(d);
        register_module(nameof(final_norm), final_norm);

        if (options.NumClasses is int classes && classes > 0)
        {
            classifier = nn.Sequential(nn.Linear(d, d / 2), nn.ReLU(), new FastDropout(options.Dropout), nn.Linear(d / 2, classes));
            register_module(nameof(classifier), classifier);
        }
        RegisterComponents();
    }

    private static nn.Module<Tensor, Tensor> CreateBlock(TabularResNetOptions o, int index)
    {
        if (o.BlockFactory is { } factory)
            return factory(index, o.Width, o.Dropout, o.Normalization)
                ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The block factory returned null for block {index}."));
        return o.BlockKind switch
        {
            TabularBlockKind.Residual => new TabularResidualBlock(o.Width, o.Dropout, o.Normalization),
            TabularBlockKind.Bottleneck => new TabularBottleneckBlock(o.Width, o.Dropout, o.Normalization, o.BottleneckReduction),
            TabularBlockKind.PreNorm => new TabularPreNormBlock(o.Width, o.Dropout, o.Normalization),
            _ => throw new ArgumentException($"Unknown block kind {o.BlockKind}."),
        };
    }

    /// <summary>The architecture the network was built with.</summary>
    public TabularResNetOptions Options { get; }

    /// <summary>Numerical input columns.</summary>
    public int NumericalColumns => Options.NumericalColumns;

    /// <summary>Cardinality of each categorical input column.</summary>
    public IReadOnlyList<int> Cardinalities => Options.Cardinalities;

    /// <summary>Width d of the embedding (<see cref="forward_embedding"/> returns [N, d]).</summary>
    public int EmbeddingDim => Options.Width;

    /// <summary>Classes of the classifier head, or null for an embedding model.</summary>
    public int? NumClasses => classifier is null ? null : Options.NumClasses;

    /// <summary>
    /// When true, <see cref="forward(Tensor?, Tensor?)"/> and <see cref="call"/> return the embedding even if the network
    /// has a classifier (an embedding mode for code that only calls the module).
    /// </summary>
    public bool ReturnEmbedding { get; set; }

    /// <summary>One embedding table per categorical column (empty without categorical columns).</summary>
    [field: ComponentName(Name = nameof(embeddings))]
    public ModuleList<Embedding> embeddings { get; }

    /// <summary>Projection of the numerical columns, or null without numerical columns.</summary>
    [field: ComponentName(Name = nameof(numerical_projection))]
    public Linear? numerical_projection { get; }

    /// <summary>Projection of the concatenated inputs to width d.</summary>
    [field: ComponentName(Name = nameof(initial_projection))]
    public Linear initial_projection { get; }

    /// <summary>Normalisation after <see cref="initial_projection"/> (BatchNorm1d or LayerNorm).</summary>
    [field: ComponentName(Name = nameof(initial_bn))]
    public nn.Module<Tensor, Tensor> initial_bn { get; }

    /// <summary>The residual blocks, [N, d] → [N, d] each.</summary>
    [field: ComponentName(Name = nameof(blocks))]
    public ModuleList<nn.Module<Tensor, Tensor>> blocks { get; }

    /// <summary>LayerNorm producing the embedding.</summary>
    [field: ComponentName(Name = nameof(final_norm))]
    public LayerNorm final_norm { get; }

    /// <summary>The classifier head (Linear d → d/2, ReLU, Dropout, Linear → classes), or null.</summary>
    [field: ComponentName(Name = nameof(classifier))]
    public Sequential? classifier { get; }

    /// <summary>Logits [N, classes] when the network has a classifier (and <see cref="ReturnEmbedding"/> is off), else the embedding [N, d].</summary>
    /// <param name="numerical">[N, n_num] floats, or null / [N, 0] without numerical columns.</param>
    /// <param name="categorical">[N, n_cat] int64 indices, or null / [N, 0] without categorical columns.</param>
    /// <returns>Logits or embeddings.</returns>
    /// <exception cref="ArgumentException">An input has the wrong shape, dtype or an index out of range.</exception>
    public override Tensor forward(Tensor? numerical, Tensor? categorical) => forward(numerical, categorical, ReturnEmbedding);

    /// <summary>Runs the network (same as <see cref="forward(Tensor?, Tensor?)"/>); either input may be null when the model has no such columns.</summary>
    /// <param name="numerical">[N, n_num] floats, or null / [N, 0] without numerical columns.</param>
    /// <param name="categorical">[N, n_cat] int64 indices, or null / [N, 0] without categorical columns.</param>
    /// <returns>Logits or embeddings.</returns>
    public new Tensor call(Tensor? numerical, Tensor? categorical) => forward(numerical, categorical, ReturnEmbedding);

    /// <summary>The tutorial's <c>forward(numerical, categorical, return_embedding)</c>.</summary>
    /// <param name="numerical">[N, n_num] floats, or null / [N, 0] without numerical columns.</param>
    /// <param name="categorical">[N, n_cat] int64 indices, or null / [N, 0] without categorical columns.</param>
    /// <param name="return_embedding">Return the embedding [N, d] even when there is a classifier.</param>
    /// <returns>Logits [N, classes] or the embedding [N, d].</returns>
    /// <exception cref="ArgumentException">An input has the wrong shape, dtype or an index out of range.</exception>
    public Tensor forward(Tensor? numerical, Tensor? categorical, bool return_embedding)
    {
        var embedding = forward_embedding(numerical, categorical);
        if (return_embedding || classifier is null) return embedding;
        var x = embedding;
        for (var i = 0; i < classifier.Count; i++)
        {
            var y = classifier[i].call(x);
            TabularIntermediates.Release(x, y);
            x = y;
        }
        return x;
    }

    /// <summary>The embedding [N, d] (the output of <see cref="final_norm"/>), whether or not there is a classifier.</summary>
    /// <param name="numerical">[N, n_num] floats, or null / [N, 0] without numerical columns.</param>
    /// <param name="categorical">[N, n_cat] int64 indices, or null / [N, 0] without categorical columns.</param>
    /// <returns>The embedding.</returns>
    /// <exception cref="ArgumentException">An input has the wrong shape, dtype or an index out of range.</exception>
    public Tensor forward_embedding(Tensor? numerical, Tensor? categorical)
    {
        var x = ForwardBeforeFinalNorm(numerical, categorical);
        var embedding = final_norm.call(x);
        TabularIntermediates.Release(x, embedding);
        return embedding;
    }

    /// <summary>
    /// The residual stream after the last block, before <see cref="final_norm"/>: [N, d]. Unlike the embedding it keeps
    /// each row's scale (the LayerNorm divides it out), which distance-based anomaly scores need.
    /// </summary>
    /// <param name="numerical">[N, n_num] floats, or null / [N, 0] without numerical columns.</param>
    /// <param name="categorical">[N, n_cat] int64 indices, or null / [N, 0] without categorical columns.</param>
    /// <returns>The features.</returns>
    /// <exception cref="ArgumentException">An input has the wrong shape, dtype or an index out of range.</exception>
    public Tensor ForwardBeforeFinalNorm(Tensor? numerical, Tensor? categorical)
    {
        ValidateInputs(numerical, categorical);
        var x = EncodeInputs(numerical, categorical);
        foreach (var block in blocks)
        {
            var y = block.call(x);
            TabularIntermediates.Release(x, y);
            x = y;
        }
        return x;
    }

    /// <summary>relu(initial_bn(initial_projection(cat[numerical_projection(numerical), embeddings…]))).</summary>
    private Tensor EncodeInputs(Tensor? numerical, Tensor? categorical)
    {
        var parts = new List<Tensor>(embeddings.Count + 1);
        if (numerical_projection is not null) parts.Add(MixedPrecision.Linear(numerical_projection, numerical!));
        for (var j = 0; j < embeddings.Count; j++)
        {
            using var column = categorical!.select(1, j);
            parts.Add(embeddings[j].call(column));
        }
        Tensor x;
        if (parts.Count == 1) x = parts[0];
        else
        {
            x = cat(parts, 1);
            foreach (var p in parts) p.Dispose();
        }
        var h = MixedPrecision.Linear(initial_projection, x);
        x.Dispose();
        var a = initial_bn.call(h);
        TabularIntermediates.Release(h, a);
        return nn.functional.relu(a, inplace: true);
    }

    /// <summary>Creates a model for a column layout (names and cardinalities) with the given architecture.</summary>
    /// <param name="layout">The columns.</param>
    /// <param name="options">Architecture (width, depth, …); its column settings are replaced by the layout's.</param>
    /// <returns>The model.</returns>
    public static TabularResNet FromFeatureLayout(TabularFeatureLayout layout, TabularResNetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new TabularResNet(layout.ApplyTo(options));
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"numerical={NumericalColumns}, categorical=[{string.Join(", ", Cardinalities)}], d={EmbeddingDim}, blocks={blocks.Count}, classes={(NumClasses is int c ? c.ToString(CultureInfo.InvariantCulture) : "None")}");
}
