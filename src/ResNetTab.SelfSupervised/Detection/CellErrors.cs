using ResNetTab.Engine.Tensors;
using ResNetTab.Models.Tabular;
using ResNetTab.SelfSupervised.Losses;
using ResNetTab.SelfSupervised.Masking;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// Masked reconstruction errors of every cell under K deterministic masks that mask each cell once: numerical cells
/// give the squared error of the prediction, categorical cells the cross-entropy of the true index. Columns are in
/// matrix order (numerical, then categorical).
/// </summary>
public static class CellErrors
{
    /// <summary>Per-cell errors [rows, columns] of <paramref name="data"/> (evaluation mode, no gradients, batched).</summary>
    /// <param name="model">A pretrained model.</param>
    /// <param name="data">The rows.</param>
    /// <param name="maskCount">K, clamped to the number of columns.</param>
    /// <param name="batchSize">Rows per forward pass.</param>
    /// <returns>Row-major errors, rows × (n_num + n_cat); always finite (an error that overflows is <see cref="float.MaxValue"/>).</returns>
    /// <param name="repeats">Different assignments of columns to the K masks, averaged (mask diversity); each masks every cell once.</param>
    /// <param name="includeVisible">Numerical cells' error is the mean over all K masks (visible under K − 1 of them) rather than the error under the mask that hides them.</param>
    public static float[] Compute(SelfSupervisedModel model, TabularData data, int maskCount, int batchSize = 1024, int repeats = 1, bool includeVisible = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maskCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repeats);
        data.EnsureFits(model.NumericalColumns, model.Cardinalities, "rows to score");
        var n = model.NumericalColumns;
        var columns = n + model.Cardinalities.Count;
        var k = Math.Min(maskCount, columns);
        var result = new float[(long)data.Rows * columns];
        using (model.Infer())
        {
            using var noGrad = no_grad();
            var source = new TabularBatchSource(data, batchSize, device: model.heads.parameters().First().device);
            var start = 0;
            foreach (var batch in source.Epoch(0))
            {
                using (batch)
                using (NewDisposeScope())
                {
                    var errors = Batch(model, batch.Numerical, batch.Categorical, k, 0, includeVisible);
                    for (var r = 1; r < repeats; r++) errors.add_(Batch(model, batch.Numerical, batch.Categorical, k, r, includeVisible));
                    if (repeats > 1) errors.div_(repeats);
                    var span = result.AsSpan(start * columns, batch.Size * columns);
                    TensorData.ToArray<float>(errors).CopyTo(span);
                    // A finite but extreme cell (3e38) overflows inside the network; it is as unpredictable as a cell
                    // can be, so its error is the largest finite one rather than infinity or NaN.
                    foreach (ref var e in span)
                        if (!float.IsFinite(e)) e = float.MaxValue;
                }
                start += batch.Size;
            }
        }
        return result;
    }

    /// <summary>Per-cell errors [B, n_num + n_cat] of one batch of tensors.</summary>
    /// <param name="model">A pretrained model (in the mode the caller chose).</param>
    /// <param name="numerical">[B, n_num] values.</param>
    /// <param name="categorical">[B, n_cat] indices.</param>
    /// <param name="maskCount">K, at most the number of columns.</param>
    /// <param name="repeat">Which assignment of columns to masks (<see cref="FeatureMasks.Group"/>).</param>
    /// <returns>The errors.</returns>
    /// <remarks>Under mask k only the logits of the categorical columns it masks are computed (the rows of the fused head
    /// that belong to them), so the K passes together cost one full head.</remarks>
    /// <param name="includeVisible">Numerical cells' error is the mean over all K masks instead of the error under their own mask.</param>
    public static Tensor Batch(SelfSupervisedModel model, Tensor numerical, Tensor categorical, int maskCount, int repeat = 0, bool includeVisible = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        var n = model.NumericalColumns;
        var cards = model.Cardinalities;
        var columns = n + cards.Count;
        var rows = numerical.shape[0];
        var device = numerical.device;
        using var scope = NewDisposeScope();
        var total = zeros([rows, columns], device: device);
        for (var index = 0; index < maskCount; index++)
        {
            var mask = FeatureMasks.Partition(rows, columns, index, maskCount, device, repeat);
            var numericalMask = mask.narrow(1, 0, n);
            var categoricalMask = mask.narrow(1, n, columns - n);
            var input = columns > n ? categorical.masked_fill(categoricalMask, 0) : categorical;
            var embedding = model.Embed(numerical, input, numericalMask);
            if (model.heads.numerical is { } numericalHead)
            {
                var cells = MaskedFeatureLoss.NumericalCellLosses(numericalHead.call(embedding), numerical);
                total.narrow(1, 0, n).add_(includeVisible ? cells.div_(maskCount) : cells.mul_(numericalMask));
            }
            if (model.heads.categorical is not { } head) continue;
            var masked = Enumerable.Range(0, cards.Count).Where(j => FeatureMasks.Group(n + j, columns, maskCount, repeat) == index).ToArray();
            if (masked.Length == 0) continue;
            var logitRows = new List<long>();
            var subOffsets = new long[masked.Length];
            var subCards = new int[masked.Length];
            for (var i = 0; i < masked.Length; i++)
            {
                subOffsets[i] = logitRows.Count;
                subCards[i] = cards[masked[i]];
                for (var c = 0; c < cards[masked[i]]; c++) logitRows.Add(model.heads.Offsets[masked[i]] + c);
            }
            var selectedRows = tensor(logitRows.ToArray(), device: device);
            var selectedColumns = tensor(masked.Select(j => (long)j).ToArray(), device: device);
            var logits = nn.functional.linear(embedding, head.weight!.index_select(0, selectedRows), head.bias?.index_select(0, selectedRows));
            var errors = MaskedFeatureLoss.CategoricalCellLosses(logits, categorical.index_select(1, selectedColumns), subOffsets, subCards);
            total.narrow(1, n, columns - n).index_add_(1, selectedColumns, errors, 1);
        }
        return total.MoveToOuterDisposeScope();
    }
}
