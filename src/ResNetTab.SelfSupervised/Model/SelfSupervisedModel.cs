using System.Globalization;
using ResNetTab.Models.Tabular;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// A TabularResNet <c>encoder</c> with what self-supervised pretraining trains beside it: the numerical mask value
/// (<c>mask_value</c>, with <see cref="NumericalMaskMode.LearnedValue"/>), the masked-feature prediction <c>heads</c>
/// and the contrastive <c>projection</c> head. Its forward is the embedding: the encoder's <c>final_norm</c> output of
/// the unmasked row; heads and projection are only used by the training objective and the reconstruction scorer.
/// </summary>
/// <remarks>The state dict holds every part (<c>encoder.*</c>, <c>mask_value</c>, <c>heads.*</c>, <c>projection.*</c>), so
/// a training checkpoint or a saved model restores encoder and heads together.</remarks>
public sealed partial class SelfSupervisedModel : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>
    /// Creates the model with PyTorch's default initialisation (the learned mask value starts at zero). Its
    /// <see cref="Recipe"/> is <see cref="PretrainingOptions.Default"/> with this architecture's width, blocks, dropout,
    /// mask mode and projection width; <see cref="Pretrainer.CreateModel(TabularFeatureLayout, PretrainingOptions?)"/>
    /// creates a model that remembers a whole recipe.
    /// </summary>
    /// <param name="options">The architecture.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SelfSupervisedModel(SelfSupervisedModelOptions options) : this(options, null)
    {
    }

    internal SelfSupervisedModel(SelfSupervisedModelOptions options, PretrainingOptions? recipe) : base(nameof(SelfSupervisedModel))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Recipe = recipe ?? PretrainingOptions.Default with
        {
            Width = options.Encoder.Width,
            Blocks = options.Encoder.Blocks,
            Dropout = options.Encoder.Dropout,
            NumericalMask = options.NumericalMask,
            ProjectionDim = options.ProjectionDim,
        };
        Recipe.EnsureArchitectureOf(this);
        var o = options.Encoder;
        NumericalColumns = o.NumericalColumns;
        var encoderOptions = options.NumericalMask == NumericalMaskMode.ZeroWithIndicator && o.NumericalColumns > 0
            ? o with
            {
                NumericalColumns = 2 * o.NumericalColumns,
                NumericalNames = o.NumericalNames is { } names ? [.. names, .. names.Select(n => n + "#masked")] : null,
            }
            : o;
        encoder = new TabularResNet(encoderOptions);
        if (options.NumericalMask == NumericalMaskMode.LearnedValue && o.NumericalColumns > 0)
            mask_value = new Parameter(zeros(o.NumericalColumns));
        heads = new MaskedFeatureHeads(o.Width, o.NumericalColumns, o.Cardinalities);
        projection = new ProjectionHead(o.Width, options.ProjectionDim);
        RegisterComponents();
    }

    /// <summary>The architecture.</summary>
    public SelfSupervisedModelOptions Options { get; }

    /// <summary>
    /// The recipe the model was built with, and once pretrained the recipe it was trained with (their architecture
    /// settings always agree with <see cref="Options"/>). <see cref="Pretrainer"/> trains with it unless given another
    /// recipe of the same architecture; <see cref="Save"/> writes it with the model.
    /// </summary>
    public PretrainingOptions Recipe { get; internal set; }

    /// <summary>Numerical columns of the data (the encoder sees twice as many with <see cref="NumericalMaskMode.ZeroWithIndicator"/>).</summary>
    public int NumericalColumns { get; }

    /// <summary>Cardinality of each categorical column.</summary>
    public IReadOnlyList<int> Cardinalities => Options.Encoder.Cardinalities;

    /// <summary>Width d of the embedding.</summary>
    public int EmbeddingDim => Options.Encoder.Width;

    /// <summary>The TabularResNet whose <c>final_norm</c> output is the embedding.</summary>
    [field: ComponentName(Name = nameof(encoder))]
    public TabularResNet encoder { get; }

    /// <summary>The learned value of masked numerical cells, or null (other mask mode, or no numerical columns).</summary>
    [field: ComponentName(Name = nameof(mask_value))]
    public Parameter? mask_value { get; }

    /// <summary>The masked-feature prediction heads.</summary>
    [field: ComponentName(Name = nameof(heads))]
    public MaskedFeatureHeads heads { get; }

    /// <summary>The contrastive projection head (not part of the embedding).</summary>
    [field: ComponentName(Name = nameof(projection))]
    public ProjectionHead projection { get; }

    /// <summary>The embedding [N, d] of unmasked rows.</summary>
    /// <param name="numerical">[N, n_num] float32 (null or [N, 0] without numerical columns).</param>
    /// <param name="categorical">[N, n_cat] int64 (null or [N, 0] without categorical columns).</param>
    /// <returns>The embedding.</returns>
    public override Tensor forward(Tensor numerical, Tensor categorical) => Embed(numerical, categorical, null);

    /// <summary>
    /// The embedding [N, d] of rows whose numerical cells under <paramref name="numericalMask"/> are masked (replaced by
    /// <c>mask_value</c>, or zeroed with the indicator set). Masked categorical cells are expected to hold index 0 ([MASK]) already.
    /// </summary>
    /// <param name="numerical">[N, n_num] float32 values.</param>
    /// <param name="categorical">[N, n_cat] int64 indices.</param>
    /// <param name="numericalMask">[N, n_num] bool, true = masked; null masks nothing.</param>
    /// <returns>The embedding.</returns>
    /// <exception cref="ArgumentException">An input does not have the model's columns.</exception>
    public Tensor Embed(Tensor? numerical, Tensor? categorical, Tensor? numericalMask) =>
        Encode(numerical, categorical, numericalMask, EmbeddingLayer.FinalNorm);

    /// <summary>The representation [N, d] of unmasked rows at <paramref name="layer"/>.</summary>
    /// <param name="numerical">[N, n_num] float32 (null or [N, 0] without numerical columns).</param>
    /// <param name="categorical">[N, n_cat] int64 (null or [N, 0] without categorical columns).</param>
    /// <param name="layer">The embedding (<see cref="EmbeddingLayer.FinalNorm"/>) or the residual stream before it.</param>
    /// <returns>The representation.</returns>
    /// <exception cref="ArgumentException">An input does not have the model's columns.</exception>
    public Tensor Represent(Tensor? numerical, Tensor? categorical, EmbeddingLayer layer) => Encode(numerical, categorical, null, layer);

    private Tensor Encode(Tensor? numerical, Tensor? categorical, Tensor? numericalMask, EmbeddingLayer layer)
    {
        using var use = Use();
        Tensor Run(Tensor? input) => layer == EmbeddingLayer.FinalNorm
            ? encoder.forward(input, categorical, return_embedding: true)
            : encoder.ForwardBeforeFinalNorm(input, categorical);
        if (NumericalColumns == 0) return Run(numerical);
        if (numerical is null) throw new ArgumentException($"The model has {NumericalColumns} numerical columns but no numerical input was given.", nameof(numerical));
        if (numerical.dim() != 2 || numerical.shape[1] != NumericalColumns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The numerical input has shape [{string.Join(", ", numerical.shape)}]; the model expects [rows, {NumericalColumns}]."), nameof(numerical));
        using var scope = NewDisposeScope();
        Tensor input;
        if (Options.NumericalMask == NumericalMaskMode.LearnedValue)
            input = numericalMask is null ? numerical : where(numericalMask, mask_value!.expand_as(numerical), numerical);
        else
            input = numericalMask is null
                ? cat([numerical, zeros_like(numerical)], 1)
                : cat([numerical.masked_fill(numericalMask, 0), numericalMask.to(numerical.dtype)], 1);
        return Run(input).MoveToOuterDisposeScope();
    }
}
