using System.Globalization;
using ResNetTab.Models.Layers;
using ResNetTab.Models.Tabular;
using ResNetTab.Models.Training;
using ResNetTab.SelfSupervised.Losses;
using ResNetTab.SelfSupervised.Masking;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// Self-supervised pretraining as an <see cref="ITrainingObjective{TBatch}"/> of the generic trainer:
/// <see cref="SelfSupervisedObjectiveOptions.MaskedWeight"/> · masked feature prediction +
/// <see cref="SelfSupervisedObjectiveOptions.ContrastiveWeight"/> · NT-Xent over two SCARF views.
/// Reports the metrics "masked" and "contrastive" (per-sample means of each term).
/// </summary>
/// <remarks>
/// In training mode masks and views come from the global CPU generator, which the trainer's checkpoints save, so a
/// resumed run draws the same masks. In evaluation mode (validation) they come from a generator seeded by
/// <see cref="SelfSupervisedObjectiveOptions.Seed"/> and the batch's first row, so every epoch's validation loss is
/// measured on the same masks. Nothing is read back to the host.
/// </remarks>
public sealed class SelfSupervisedObjective : ITrainingObjective<TabularBatch>
{
    /// <summary>Creates the objective.</summary>
    /// <param name="model">The model trained (encoder and heads).</param>
    /// <param name="options">The settings; the defaults when null.</param>
    public SelfSupervisedObjective(SelfSupervisedModel model, SelfSupervisedObjectiveOptions? options = null)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Options = options ?? new SelfSupervisedObjectiveOptions();
        Options.Validate();
    }

    /// <summary>The model.</summary>
    public SelfSupervisedModel Model { get; }

    /// <summary>The settings.</summary>
    public SelfSupervisedObjectiveOptions Options { get; }

    /// <inheritdoc />
    public nn.Module Module => Model;

    /// <inheritdoc />
    public string Describe() => Options.Describe();

    /// <inheritdoc />
    public Tensor Loss(TabularBatch batch, MetricSums metrics)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(metrics);
        CheckBatch(batch);
        using var generator = Model.training ? null : new Generator(unchecked((ulong)(Options.Seed * 1_000_003L + (batch.Rows.Count > 0 ? batch.Rows[0] : 0))));
        var size = batch.Size;
        Tensor? total = null;
        if (Options.MaskedWeight > 0)
        {
            var parts = Masked(batch.Numerical, batch.Categorical, generator);
            metrics.Add("masked", parts.Loss * size);
            total = parts.Loss * Options.MaskedWeight;
        }
        if (Options.ContrastiveWeight > 0 && size >= 2)
        {
            var contrastive = Contrastive(batch.Numerical, batch.Categorical, generator);
            metrics.Add("contrastive", contrastive * size);
            total = total is null ? contrastive * Options.ContrastiveWeight : total + contrastive * Options.ContrastiveWeight;
        }
        return total ?? zeros([], device: batch.Numerical.device);
    }

    /// <summary>The masked-feature loss of one batch under freshly drawn masks.</summary>
    /// <param name="numerical">[B, n_num] values.</param>
    /// <param name="categorical">[B, n_cat] indices.</param>
    /// <param name="generator">Random generator; the global one when null.</param>
    /// <returns>The loss parts.</returns>
    public MaskedFeatureLossParts Masked(Tensor numerical, Tensor categorical, Generator? generator = null)
    {
        var rows = numerical.shape[0];
        var numericalMask = FeatureMasks.Bernoulli(rows, Model.NumericalColumns, Options.MaskProbability, numerical.device, generator);
        var categoricalMask = FeatureMasks.Bernoulli(rows, Model.Cardinalities.Count, Options.MaskProbability, categorical.device, generator);
        return MaskedLoss(numerical, categorical, numericalMask, categoricalMask);
    }

    /// <summary>The masked-feature loss of one batch under the given masks (masked categorical cells become [MASK] = 0).</summary>
    /// <param name="numerical">[B, n_num] values.</param>
    /// <param name="categorical">[B, n_cat] indices.</param>
    /// <param name="numericalMask">[B, n_num] bool, true = masked.</param>
    /// <param name="categoricalMask">[B, n_cat] bool, true = masked.</param>
    /// <returns>The loss parts.</returns>
    public MaskedFeatureLossParts MaskedLoss(Tensor numerical, Tensor categorical, Tensor numericalMask, Tensor categoricalMask)
    {
        var input = Model.Cardinalities.Count > 0 ? categorical.masked_fill(categoricalMask, 0) : categorical;
        var embedding = Model.Embed(numerical, input, numericalMask);
        var heads = Model.heads;
        var categoricalTerm = heads.categorical is null ? zeros([], device: embedding.device) : heads.MaskedCategoricalLoss(embedding, categorical, categoricalMask);
        var numericalTerm = heads.numerical is null
            ? zeros([], device: embedding.device)
            : NumericalTerm(MaskedFeatureLoss.NumericalCellLosses(MixedPrecision.Linear(heads.numerical, embedding), numerical), numericalMask);
        return new MaskedFeatureLossParts(categoricalTerm + numericalTerm * Options.NumericalWeight, categoricalTerm, numericalTerm);
    }

    private Tensor NumericalTerm(Tensor cells, Tensor mask)
    {
        var masked = MaskedFeatureLoss.MaskedMean(cells, mask);
        return Options.VisibleWeight > 0 ? masked + (MaskedFeatureLoss.MaskedMean(cells, mask.logical_not()) * Options.VisibleWeight) : masked;
    }

    /// <summary>The NT-Xent loss of two corrupted views of the batch (both views go through the encoder as one 2B batch).</summary>
    /// <param name="numerical">[B, n_num] values.</param>
    /// <param name="categorical">[B, n_cat] indices.</param>
    /// <param name="generator">Random generator; the global one when null.</param>
    /// <returns>A 0-dimensional tensor.</returns>
    public Tensor Contrastive(Tensor numerical, Tensor categorical, Generator? generator = null)
    {
        var rows = numerical.shape[0];
        var (n1, c1, m1) = Options.Corruption.Apply(numerical, categorical, generator);
        var (n2, c2, m2) = Options.Corruption.Apply(numerical, categorical, generator);
        var mask = m1 is null ? null : cat([m1, m2!], 0);
        var embedding = Model.Embed(cat([n1, n2], 0), cat([c1, c2], 0), mask);
        var projected = Model.projection.call(embedding);
        return NtXentLoss.Compute(projected.narrow(0, 0, rows), projected.narrow(0, rows, rows), Options.Temperature);
    }

    private void CheckBatch(TabularBatch batch)
    {
        if (batch.Numerical.dim() != 2 || batch.Numerical.shape[1] != Model.NumericalColumns)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Batch numerical input has shape [{string.Join(", ", batch.Numerical.shape)}]; the model has {Model.NumericalColumns} numerical columns."), nameof(batch));
        if (batch.Categorical.dim() != 2 || batch.Categorical.shape[1] != Model.Cardinalities.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Batch categorical input has shape [{string.Join(", ", batch.Categorical.shape)}]; the model has {Model.Cardinalities.Count} categorical columns."), nameof(batch));
        if (batch.Size < 2 && Model.training)
            throw new ArgumentException($"A batch of {batch.Size} row cannot train the model (BatchNorm and contrastive negatives need at least 2); use dropLast or a larger batch.", nameof(batch));
    }
}
