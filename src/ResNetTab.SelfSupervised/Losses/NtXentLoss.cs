using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Losses;

/// <summary>
/// NT-Xent (SimCLR's InfoNCE): the 2B projections of two views are L2-normalised, their 2B × 2B cosine similarities
/// divided by the temperature, the self-similarity excluded, and each row's positive is the other view of the same row.
/// </summary>
public static class NtXentLoss
{
    /// <summary>The mean loss over the 2B anchors.</summary>
    /// <param name="first">[B, p] projections of the first views.</param>
    /// <param name="second">[B, p] projections of the second views (row i pairs with row i of <paramref name="first"/>).</param>
    /// <param name="temperature">τ &gt; 0.</param>
    /// <returns>A 0-dimensional tensor.</returns>
    /// <exception cref="ArgumentException">The views differ in shape or hold fewer than 2 rows.</exception>
    public static Tensor Compute(Tensor first, Tensor second, double temperature)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be a positive finite number.");
        if (first.dim() != 2 || !first.shape.SequenceEqual(second.shape))
            throw new ArgumentException($"The two views have shapes [{string.Join(", ", first.shape)}] and [{string.Join(", ", second.shape)}]; both must be [B, p].");
        var b = first.shape[0];
        if (b < 2) throw new ArgumentException($"Contrastive learning needs at least 2 rows per batch (negatives), got {b}.");
        using var scope = NewDisposeScope();
        var z = nn.functional.normalize(cat([first, second], 0), dim: 1);
        var similarity = z.mm(z.t()).div_(temperature);
        var self = eye(2 * b, dtype: ScalarType.Bool, device: z.device);
        similarity = similarity.masked_fill(self, double.NegativeInfinity);
        var targets = cat([arange(b, 2 * b, dtype: ScalarType.Int64, device: z.device), arange(0, b, dtype: ScalarType.Int64, device: z.device)]);
        return nn.functional.cross_entropy(similarity, targets).MoveToOuterDisposeScope();
    }
}
