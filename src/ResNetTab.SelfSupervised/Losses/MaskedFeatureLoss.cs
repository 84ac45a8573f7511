using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Losses;

/// <summary>The terms of the masked-feature loss (0-dimensional tensors).</summary>
/// <param name="Loss">Categorical + λ · numerical.</param>
/// <param name="Categorical">Mean cross-entropy over the masked categorical cells (0 when none is masked).</param>
/// <param name="Numerical">Mean squared error over the masked numerical cells (0 when none is masked).</param>
public sealed record MaskedFeatureLossParts(Tensor Loss, Tensor Categorical, Tensor Numerical);

/// <summary>
/// Masked feature prediction's loss: mean cross-entropy over the masked categorical cells + λ · mean squared error
/// over the masked numerical cells. Each mean divides by max(1, masked cells), so a batch (or a column) without a
/// masked cell contributes zero instead of NaN, and nothing is read back to the host.
/// </summary>
/// <remarks>The cross-entropy is segmented: the logits of every categorical column lie side by side in one
/// [N, Σ cardinalities] tensor (the fused head), column j's log-partition is a logsumexp over its own segment, and
/// the target logit is gathered at offset_j + target.</remarks>
public static class MaskedFeatureLoss
{
    /// <summary>Cross-entropy of every categorical cell, [N, n_cat], from fused logits.</summary>
    /// <param name="logits">[N, Σ cardinalities] fused logits.</param>
    /// <param name="targets">[N, n_cat] int64 true indices.</param>
    /// <param name="offsets">First logit of each column.</param>
    /// <param name="cardinalities">Cardinality of each column.</param>
    /// <returns>Per-cell cross-entropy.</returns>
    /// <exception cref="ArgumentException">The shapes do not agree with the columns.</exception>
    public static Tensor CategoricalCellLosses(Tensor logits, Tensor targets, IReadOnlyList<long> offsets, IReadOnlyList<int> cardinalities)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(cardinalities);
        var columns = cardinalities.Count;
        var total = columns == 0 ? 0 : offsets[columns - 1] + cardinalities[columns - 1];
        if (logits.dim() != 2 || logits.shape[1] != total)
            throw new ArgumentException($"The fused logits have shape [{string.Join(", ", logits.shape)}]; {columns} columns need [rows, {total}].", nameof(logits));
        if (targets.dim() != 2 || targets.shape[0] != logits.shape[0] || targets.shape[1] != columns)
            throw new ArgumentException($"The targets have shape [{string.Join(", ", targets.shape)}]; expected [{logits.shape[0]}, {columns}].", nameof(targets));
        using var scope = NewDisposeScope();
        // Per-column maxima (no gradient: they cancel out of the log-partition) keep exp() in range; a few small
        // reductions, then one dense pass for all columns, so the backward is one index_select rather than one
        // [N, Σ cardinalities] gradient per column.
        Tensor max;
        using (no_grad())
        {
            var maxima = new Tensor[columns];
            for (var j = 0; j < columns; j++) maxima[j] = logits.narrow(1, offsets[j], cardinalities[j]).amax([1], keepdim: true);
            max = cat(maxima, 1);
        }
        var segment = SegmentIndex(cardinalities, logits.device);
        var shifted = (logits - max.index_select(1, segment)).exp_();
        var sums = zeros([logits.shape[0], columns], logits.dtype, logits.device).index_add(1, segment, shifted, 1);
        var partition = sums.log() + max;
        var offsetTensor = tensor(offsets.ToArray(), device: logits.device);
        var picked = logits.gather(1, targets + offsetTensor);
        return (partition - picked).MoveToOuterDisposeScope();
    }

    /// <summary>The column of every fused logit: [Σ cardinalities] int64.</summary>
    private static Tensor SegmentIndex(IReadOnlyList<int> cardinalities, Device device)
    {
        var index = new long[cardinalities.Sum(c => (long)c)];
        var at = 0;
        for (var j = 0; j < cardinalities.Count; j++)
            for (var k = 0; k < cardinalities[j]; k++) index[at++] = j;
        return tensor(index, device: device);
    }

    /// <summary>Squared error of every numerical cell, [N, n_num].</summary>
    /// <param name="predictions">[N, n_num] predictions.</param>
    /// <param name="targets">[N, n_num] true values.</param>
    /// <returns>Per-cell squared error.</returns>
    public static Tensor NumericalCellLosses(Tensor predictions, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (!predictions.shape.SequenceEqual(targets.shape))
            throw new ArgumentException($"The numerical predictions have shape [{string.Join(", ", predictions.shape)}] but the targets [{string.Join(", ", targets.shape)}].", nameof(targets));
        using var difference = predictions - targets;
        return difference.square();
    }

    /// <summary>Mean of <paramref name="cells"/> over the cells where <paramref name="mask"/> is true; 0 when none is.</summary>
    /// <param name="cells">Per-cell losses.</param>
    /// <param name="mask">Bool mask of the same shape.</param>
    /// <returns>A 0-dimensional tensor.</returns>
    public static Tensor MaskedMean(Tensor cells, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(mask);
        using var scope = NewDisposeScope();
        var weights = mask.to(cells.dtype);
        return ((cells * weights).sum() / weights.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }

    /// <summary>The loss and its two terms.</summary>
    /// <param name="logits">[N, Σ cardinalities] fused logits, or null without categorical columns.</param>
    /// <param name="categorical">[N, n_cat] true indices (null without categorical columns).</param>
    /// <param name="categoricalMask">[N, n_cat] bool, true = masked (null without categorical columns).</param>
    /// <param name="offsets">First logit of each categorical column.</param>
    /// <param name="cardinalities">Cardinality of each categorical column.</param>
    /// <param name="predictions">[N, n_num] numerical predictions, or null without numerical columns.</param>
    /// <param name="numerical">[N, n_num] true values (null without numerical columns).</param>
    /// <param name="numericalMask">[N, n_num] bool, true = masked (null without numerical columns).</param>
    /// <param name="numericalWeight">λ, the weight of the numerical term.</param>
    /// <returns>The loss parts.</returns>
    public static MaskedFeatureLossParts Compute(Tensor? logits, Tensor? categorical, Tensor? categoricalMask, IReadOnlyList<long> offsets,
        IReadOnlyList<int> cardinalities, Tensor? predictions, Tensor? numerical, Tensor? numericalMask, double numericalWeight)
    {
        using var scope = NewDisposeScope();
        var device = (logits ?? predictions)?.device ?? CPU;
        var categoricalTerm = logits is null
            ? zeros([], device: device)
            : MaskedMean(CategoricalCellLosses(logits, categorical!, offsets, cardinalities), categoricalMask!);
        var numericalTerm = predictions is null
            ? zeros([], device: device)
            : MaskedMean(NumericalCellLosses(predictions, numerical!), numericalMask!);
        var loss = categoricalTerm + numericalTerm * numericalWeight;
        return new MaskedFeatureLossParts(loss.MoveToOuterDisposeScope(), categoricalTerm.MoveToOuterDisposeScope(), numericalTerm.MoveToOuterDisposeScope());
    }
}
