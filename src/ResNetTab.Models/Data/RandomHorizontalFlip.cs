using static TorchSharp.torch;

namespace ResNetTab.Models.Datasets;

/// <summary>
/// Mirrors each image left–right with probability <see cref="P"/>, decided independently per image —
/// torchvision's <c>RandomHorizontalFlip(p)</c>.
/// </summary>
/// <remarks>
/// For each image, in batch order, one <c>random.NextDouble() &lt; p</c> draw decides. The mirror is a
/// single <c>gather</c> along the width with each image's column order (libtorch's <c>flip</c> is not
/// bound; <see cref="MirrorWidth"/> is an <c>index_select</c> with reversed indices). Works on any dtype.
/// </remarks>
public sealed class RandomHorizontalFlip : ITensorTransform
{
    /// <summary>Creates the transform.</summary>
    /// <param name="p">Probability that an image is mirrored (0 to 1).</param>
    public RandomHorizontalFlip(double p = 0.5)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "The flip probability must be between 0 and 1.");
        P = p;
    }

    /// <summary>Probability that an image is mirrored.</summary>
    public double P { get; }

    /// <summary>Mirrors each image with probability <see cref="P"/>; returns the input itself when none is.</summary>
    public Tensor Apply(Tensor input, Random random)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(random);
        var n = input.dim() == 4 ? (int)input.size(0) : 1;
        var flags = new bool[n];
        for (var i = 0; i < n; i++) flags[i] = random.NextDouble() < P;
        return Flip(input, flags);
    }

    /// <summary>Mirrors the images whose flag is set; returns the input itself when no flag is.</summary>
    /// <param name="input">Images N × C × H × W, or one image C × H × W with one flag.</param>
    /// <param name="flip">One flag per image.</param>
    /// <exception cref="ArgumentException">The number of flags differs from N.</exception>
    public static Tensor Flip(Tensor input, ReadOnlySpan<bool> flip)
    {
        var batch = TensorTransformExtensions.AsBatch(input, nameof(RandomHorizontalFlip), out var single);
        try
        {
            var n = batch.size(0);
            if (flip.Length != n) throw new ArgumentException($"{flip.Length} flip flags were given for {n} images.", nameof(flip));
            var count = 0;
            foreach (var f in flip) if (f) count++;
            if (count == 0) return input;
            if (count == n) return TensorTransformExtensions.FromBatch(MirrorWidth(batch), single);
            // One gather along the width with each image's column order (reversed or not).
            var w = batch.size(3);
            var columns = new long[n * w];
            for (var i = 0; i < n; i++)
                for (var x = 0; x < w; x++) columns[(i * w) + x] = flip[i] ? w - 1 - x : x;
            using var compact = tensor(columns, [n, 1, 1, w], device: batch.device);
            using var expanded = compact.expand(batch.shape);
            return TensorTransformExtensions.FromBatch(batch.gather(3, expanded), single);
        }
        finally
        {
            if (single) batch.Dispose();
        }
    }

    /// <summary>Every image mirrored left–right (the last dimension reversed).</summary>
    /// <param name="input">A tensor of at least one dimension; its last dimension is reversed.</param>
    public static Tensor MirrorWidth(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var w = input.size((int)input.dim() - 1);
        using var reversed = arange(w - 1, -1, -1, ScalarType.Int64, input.device);
        return input.index_select(input.dim() - 1, reversed);
    }

    /// <inheritdoc />
    public override string ToString() => $"RandomHorizontalFlip(p={P})";
}
