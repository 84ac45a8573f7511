using ResNetTab.Anomaly;
using ResNetTab.Tests.Common;

namespace ResNetTab.Anomaly.Tests;

/// <summary>Synthetic and shared data sets for the tests.</summary>
internal static class TestData
{
    /// <summary>Gaussian rows with a few far points at the end (labels 1).</summary>
    public static (FeatureMatrix X, int[] Y) Blobs(int n, int d, int outliers, int seed)
    {
        var rng = new Random(seed);
        var v = new float[n * d];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            bool o = i >= n - outliers;
            y[i] = o ? 1 : 0;
            for (int j = 0; j < d; j++) v[(i * d) + j] = o ? (float)((rng.NextDouble() * 12) - 6) : (float)Gauss(rng);
        }
        return (FeatureMatrix.Wrap(v, d), y);
    }

    public static double Gauss(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static (FeatureMatrix X, int[] Y) AdBench(string file)
    {
        var arrays = NpyReader.ReadNpz(SharedData.PathOf("adbench", file));
        return (arrays["X"].ToFeatureMatrix(), arrays["y"].ToLabels());
    }
}
