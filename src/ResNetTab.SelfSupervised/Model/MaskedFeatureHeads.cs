using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using ResNetTab.Engine.Tensors;
using ResNetTab.Models.Layers;
using ResNetTab.SelfSupervised.Losses;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// The prediction heads of masked feature prediction, separate from the encoder: one fused Linear d → Σ cardinalities
/// whose column j occupies logits [offset_j, offset_j + cardinality_j) (<c>categorical</c>), and one Linear d → n_num
/// for the numerical columns (<c>numerical</c>). One fused matrix product replaces one small product per column.
/// </summary>
public sealed class MaskedFeatureHeads : nn.Module<Tensor, (Tensor? Logits, Tensor? Numerical)>
{
    private readonly long[] offsets;
    private readonly long[] splitSizes;

    // Columns whose masked cross-entropy is computed on their masked rows only, and the rest with their offsets in
    // the dense logits of those columns alone (see MaskedCategoricalLoss).
    private readonly long[] gatheredColumns;
    private readonly long[] denseColumns;
    private readonly int[] denseCardinalities;
    private readonly long[] denseOffsets;

    /// <summary>Creates the heads with PyTorch's default initialisation.</summary>
    /// <param name="width">Embedding width d.</param>
    /// <param name="numericalColumns">Numerical columns (no numerical head when 0).</param>
    /// <param name="cardinalities">Cardinality of each categorical column (no categorical head when empty).</param>
    public MaskedFeatureHeads(int width, int numericalColumns, IReadOnlyList<int> cardinalities) : base(nameof(MaskedFeatureHeads))
    {
        ArgumentNullException.ThrowIfNull(cardinalities);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(numericalColumns);
        Cardinalities = [.. cardinalities];
        offsets = new long[Cardinalities.Count];
        long total = 0;
        for (var j = 0; j < offsets.Length; j++)
        {
            offsets[j] = total;
            total += Cardinalities[j];
        }
        TotalCardinality = total;
        splitSizes = [.. Cardinalities.Select(c => (long)c)];
        gatheredColumns = [.. Enumerable.Range(0, Cardinalities.Count).Where(j => Cardinalities[j] >= GatheredMinCardinality).Select(j => (long)j)];
        denseColumns = [.. Enumerable.Range(0, Cardinalities.Count).Where(j => Cardinalities[j] < GatheredMinCardinality).Select(j => (long)j)];
        denseCardinalities = [.. denseColumns.Select(j => Cardinalities[(int)j])];
        denseOffsets = new long[denseColumns.Length];
        for (var k = 1; k < denseOffsets.Length; k++) denseOffsets[k] = denseOffsets[k - 1] + denseCardinalities[k - 1];
        if (total > 0) categorical = nn.Linear(width, total);
        if (numericalColumns > 0) numerical = nn.Linear(width, numericalColumns);
        RegisterComponents();
    }

    /// <summary>Cardinality of each categorical column.</summary>
    public IReadOnlyList<int> Cardinalities { get; }

    /// <summary>Σ cardinalities: the width of the fused logits.</summary>
    public long TotalCardinality { get; }

    /// <summary>First logit of each categorical column in the fused logits.</summary>
    public IReadOnlyList<long> Offsets => offsets;

    /// <summary>The fused categorical head d → Σ cardinalities, or null without categorical columns.</summary>
    [field: ComponentName(Name = nameof(categorical))]
    public Linear? categorical { get; }

    /// <summary>The numerical head d → n_num, or null without numerical columns.</summary>
    [field: ComponentName(Name = nameof(numerical))]
    public Linear? numerical { get; }

    /// <summary>Fused logits [N, Σ cardinalities] and numerical predictions [N, n_num] (null where there are no such columns).</summary>
    /// <param name="input">[N, d] embeddings.</param>
    /// <returns>The two predictions.</returns>
    public override (Tensor? Logits, Tensor? Numerical) forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return (categorical is null ? null : MixedPrecision.Linear(categorical, input), numerical is null ? null : MixedPrecision.Linear(numerical, input));
    }

    /// <summary>
    /// Mean cross-entropy over the masked categorical cells (0 when none is masked): the value of
    /// <see cref="MaskedFeatureLoss.MaskedMean"/> over <see cref="MaskedFeatureLoss.CategoricalCellLosses"/> of the fused
    /// logits, computed without the logits nobody reads. On the CPU, every column of cardinality ≥
    /// <see cref="GatheredMinCardinality"/> multiplies only the embeddings of its masked rows by its own slice of the
    /// head (with p = 0.15 that is ~15 % of the rows); smaller columns, and every column on other devices (where
    /// gathering would read the mask back to the host), use the dense fused logits and the segmented cross-entropy.
    /// </summary>
    /// <param name="embedding">[N, d] embeddings of the masked rows.</param>
    /// <param name="targets">[N, n_cat] int64 true indices.</param>
    /// <param name="mask">[N, n_cat] bool, true = masked.</param>
    /// <returns>A 0-dimensional tensor.</returns>
    /// <exception cref="InvalidOperationException">The heads have no categorical columns.</exception>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public Tensor MaskedCategoricalLoss(Tensor embedding, Tensor targets, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(mask);
        var head = categorical ?? throw new InvalidOperationException("The heads have no categorical columns.");
        var rows = embedding.shape[0];
        var columns = Cardinalities.Count;
        if (targets.dim() != 2 || targets.shape[0] != rows || targets.shape[1] != columns || !mask.shape.SequenceEqual(targets.shape))
            throw new ArgumentException($"Targets [{string.Join(", ", targets.shape)}] and mask [{string.Join(", ", mask.shape)}] must both be [{rows}, {columns}].", nameof(targets));
        if (embedding.device_type != TorchSharp.DeviceType.CPU)
            return MaskedFeatureLoss.MaskedMean(MaskedFeatureLoss.CategoricalCellLosses(MixedPrecision.Linear(head, embedding), targets, offsets, Cardinalities), mask);

        using var scope = NewDisposeScope();
        var weights = head.weight!.split(splitSizes);
        var biases = head.bias!.split(splitSizes);
        var total = zeros([], embedding.dtype);
        if (gatheredColumns.Length > 0)
        {
            // Masked cells of the gathered columns in column-major order: flat index j * N + row.
            var selected = tensor(gatheredColumns);
            var columnMask = mask.index_select(1, selected).t().contiguous();
            var counts = TensorData.ToArray<long>(columnMask.sum([1]));
            var cells = columnMask.reshape(-1).nonzero().reshape(-1);
            var input = embedding.index_select(0, cells.remainder(rows));
            var columnTargets = targets.index_select(1, selected).t().reshape(-1).index_select(0, cells);
            long start = 0;
            for (var g = 0; g < gatheredColumns.Length; g++)
            {
                if (counts[g] == 0) continue;
                var j = (int)gatheredColumns[g];
                var logits = MixedPrecision.Linear(input.narrow(0, start, counts[g]), weights[j], biases[j]);
                total = total + nn.functional.cross_entropy(logits, columnTargets.narrow(0, start, counts[g]), reduction: nn.Reduction.Sum);
                start += counts[g];
            }
        }
        if (denseColumns.Length > 0)
        {
            var selected = tensor(denseColumns);
            var denseLogits = MixedPrecision.Linear(embedding, cat([.. denseColumns.Select(j => weights[j])]), cat([.. denseColumns.Select(j => biases[j])]));
            var cellLosses = MaskedFeatureLoss.CategoricalCellLosses(denseLogits, targets.index_select(1, selected), denseOffsets, denseCardinalities);
            total = total + (cellLosses * mask.index_select(1, selected).to(cellLosses.dtype)).sum();
        }
        return (total / mask.sum().clamp_min(1).to(total.dtype)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The smallest cardinality whose column's masked cross-entropy is computed on its masked rows only (CPU). Below
    /// it, one product of the dense fused logits costs less than the per-column gather, product and cross-entropy.
    /// </summary>
    public const int GatheredMinCardinality = 16;
}
