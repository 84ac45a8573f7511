using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tabular;

public sealed partial class TabularResNet
{
    /// <summary>
    /// Checks the inputs of a forward pass: ranks, column counts, dtypes, equal row counts, more than one row when
    /// BatchNorm trains, and (unless turned off) every categorical index within its column's cardinality.
    /// </summary>
    /// <param name="numerical">The numerical input (null allowed without numerical columns).</param>
    /// <param name="categorical">The categorical input (null allowed without categorical columns).</param>
    /// <returns>The number of rows.</returns>
    /// <exception cref="ArgumentException">The first problem found, naming the input and, where it applies, the column.</exception>
    public long ValidateInputs(Tensor? numerical, Tensor? categorical)
    {
        var rows = CheckMatrix(numerical, nameof(numerical), NumericalColumns, "numerical features");
        var catRows = CheckMatrix(categorical, nameof(categorical), Cardinalities.Count, "categorical columns");
        if (rows is long n && catRows is long m && n != m)
            throw new ArgumentException(Invariant($"numerical has {n} rows but categorical has {m}; both inputs must describe the same rows."), nameof(categorical));
        var count = rows ?? catRows ?? 0;

        if (numerical_projection is not null)
        {
            var expected = numerical_projection.weight.dtype;
            if (numerical!.dtype != expected)
                throw new ArgumentException(
                    Invariant($"numerical features must be {expected} (the model's dtype), got {numerical.dtype}; convert with .to(ScalarType.{expected})."), nameof(numerical));
        }
        if (Cardinalities.Count > 0 && categorical!.dtype != ScalarType.Int64)
            throw new ArgumentException(
                Invariant($"categorical indices must be Int64 (long), got {categorical.dtype}; convert with .@long()."), nameof(categorical));

        if (training && count == 1 && Options.Normalization == TabularNormalization.BatchNorm)
            throw new ArgumentException(
                "Expected more than 1 row per batch when training with BatchNorm (batch statistics of one row are undefined); " +
                "use a larger batch, eval(), or TabularNormalization.LayerNorm.", Cardinalities.Count > 0 ? nameof(categorical) : nameof(numerical));

        if (Options.ValidateCategoricalRange && Cardinalities.Count > 0 && count > 0) CheckCategoricalRange(categorical!);
        return count;
    }

    private static long? CheckMatrix(Tensor? input, string name, int columns, string what)
    {
        if (input is null)
        {
            if (columns == 0) return null;
            throw new ArgumentException(Invariant($"{name} is null but the model expects {columns} {what} ([N, {columns}])."), name);
        }
        var shape = input.shape;
        if (shape.Length != 2)
            throw new ArgumentException(Invariant($"{name} must be a matrix [N, {columns}], got shape {Shape(shape)}."), name);
        if (shape[1] != columns)
            throw new ArgumentException(
                columns == 0
                    ? Invariant($"the model has no {what}, but {name} has {shape[1]} columns (shape {Shape(shape)}); pass null or an [N, 0] tensor.")
                    : Invariant($"{name} has {shape[1]} columns (shape {Shape(shape)}) but the model expects {columns} {what}."),
                name);
        return shape[0];
    }

    private void CheckCategoricalRange(Tensor categorical)
    {
        // One reduction per direction and a single copy to the host: [max, argmax, min, argmin] per column.
        long[] stats;
        using (var _ = no_grad())
        {
            var (maxV, maxI) = categorical.max(0);
            var (minV, minI) = categorical.min(0);
            using (maxV)
            using (maxI)
            using (minV)
            using (minI)
            using (var all = stack([maxV, maxI, minV, minI]))
                stats = all.data<long>().ToArray();
        }
        var c = Cardinalities.Count;
        var maxValues = stats.AsSpan(0, c);
        var maxRows = stats.AsSpan(c, c);
        var minValues = stats.AsSpan(2 * c, c);
        var minRows = stats.AsSpan(3 * c, c);
        for (var j = 0; j < Cardinalities.Count; j++)
        {
            var cardinality = Cardinalities[j];
            if (minValues[j] < 0)
                throw new ArgumentException(
                    Invariant($"categorical column {Options.DescribeCategorical(j)} has index {minValues[j]} at row {minRows[j]}, outside [0, {cardinality}) (negative indices are invalid)."),
                    nameof(categorical));
            if (maxValues[j] >= cardinality)
                throw new ArgumentException(
                    Invariant($"categorical column {Options.DescribeCategorical(j)} has index {maxValues[j]} at row {maxRows[j]}, outside [0, {cardinality}): the column's cardinality is {cardinality}."),
                    nameof(categorical));
        }
    }

    private static string Shape(long[] shape) => "[" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
