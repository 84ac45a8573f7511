namespace ResNetTab.Models.Tests.Tabular;

/// <summary>Parameter counts by formula, for checking every architecture variant.</summary>
internal static class TabularParameterCounts
{
    public static long Linear(long inFeatures, long outFeatures) => inFeatures * outFeatures + outFeatures;

    /// <summary>BatchNorm1d and LayerNorm both learn a weight and a bias per feature.</summary>
    public static long Norm(long features) => 2 * features;

    public static long ResidualBlock(long d) => 2 * Linear(d, d) + 2 * Norm(d);

    public static long BottleneckBlock(long d, long reduction = 4)
    {
        var h = d / reduction;
        return Linear(d, h) + Norm(h) + Linear(h, h) + Norm(h) + Linear(h, d) + Norm(d);
    }

    public static long PreNormBlock(long d, long hidden) => Norm(d) + Linear(d, hidden) + Linear(hidden, d);

    public static long Model(long numerical, int[] cardinalities, int[] categoryEmbeddingDims, long d, long projection, long blocks, long blockCount, long? classes)
    {
        var total = cardinalities.Zip(categoryEmbeddingDims, (c, e) => (long)c * e).Sum();
        long inputDim = categoryEmbeddingDims.Sum();
        if (numerical > 0)
        {
            total += Linear(numerical, projection);
            inputDim += projection;
        }
        total += Linear(inputDim, d) + Norm(d) + blocks * blockCount + Norm(d);
        if (classes is long k) total += Linear(d, d / 2) + Linear(d / 2, k);
        return total;
    }
}
