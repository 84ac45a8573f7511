using ResNetTab.Anomaly.Neighbors;
using static TorchSharp.torch;

namespace ResNetTab.Anomaly.Tests;

/// <summary>
/// The float32 shortlist certificate on data that used to defeat it: one far outlier (whose norm loosened every
/// row's error bound) and duplicate-heavy rows (ties at the k-th distance). Answers are checked against a naive
/// float64 search ordered by (distance, index).
/// </summary>
[Collection("Engine tensor count")]
public sealed class ExactCertificateTests
{
    /// <summary>N(0, 1) rows; row 0 scaled by <paramref name="outlierScale"/>.</summary>
    internal static FeatureMatrix GaussianWithOutlier(int rows, int d, int seed, float outlierScale)
    {
        var rng = new Random(seed);
        var v = new float[rows * d];
        for (int i = 0; i < v.Length; i++) v[i] = (float)TestData.Gauss(rng);
        for (int j = 0; j < d; j++) v[j] *= outlierScale;
        return FeatureMatrix.Wrap(v, d);
    }

    /// <summary>Rows drawn from <paramref name="distinct"/> distinct integer-valued rows: heavy duplicates and ties.</summary>
    internal static FeatureMatrix DuplicateHeavy(int rows, int d, int distinct, int seed)
    {
        var rng = new Random(seed);
        var pool = new float[distinct * d];
        for (int i = 0; i < pool.Length; i++) pool[i] = rng.Next(4);
        var v = new float[rows * d];
        for (int i = 0; i < rows; i++) pool.AsSpan(rng.Next(distinct) * d, d).CopyTo(v.AsSpan(i * d, d));
        return FeatureMatrix.Wrap(v, d);
    }

    private static void ShouldBeExact(NeighborResult found, FeatureMatrix refs, FeatureMatrix queries, int k, bool excludeSelf, int checkRows)
    {
        for (int i = 0; i < checkRows; i++)
        {
            var top = Enumerable.Range(0, refs.Rows).Where(j => !excludeSelf || j != i)
                .Select(j => (D: Squared(queries.Row(i), refs.Row(j)), J: j))
                .OrderBy(t => t.D).ThenBy(t => t.J).Take(k).ToArray();
            for (int t = 0; t < k; t++)
            {
                found.Index(i, t).Should().Be(top[t].J, $"row {i}, neighbour {t}");
                found.Distance(i, t).Should().Be(Math.Sqrt(top[t].D));
            }
        }
    }

    private static double Squared(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int c = 0; c < a.Length; c++) { double diff = (double)a[c] - b[c]; s += diff * diff; }
        return s;
    }

    [Fact]
    public void A_far_outlier_does_not_make_other_rows_fall_back()
    {
        var clean = GaussianWithOutlier(6000, 27, seed: 1, outlierScale: 1);
        var skewed = GaussianWithOutlier(6000, 27, seed: 1, outlierScale: 100);
        var queries = GaussianWithOutlier(400, 27, seed: 2, outlierScale: 1);
        foreach (var data in new[] { clean, skewed })
        {
            var managed = new BruteForceNeighborSearch { NJobs = 2 };
            managed.Fit(data);
            var m = managed.Query(queries, 10, false);
            managed.LastFallbackRows.Should().BeLessThan(4, "the error bound only counts rows that can reach the k-th distance");
            using var engine = new TensorNeighborSearch { Device = CPU, NJobs = 2 };
            engine.Fit(data);
            var e = engine.Query(queries, 10, false);
            engine.LastFallbackRows.Should().BeLessThan(4);
            var self = engine.Query(data, 10, true);
            engine.LastFallbackRows.Should().BeLessThan(4);
            e.Indices.Should().Equal(m.Indices);
            e.Distances.Should().Equal(m.Distances);
            ShouldBeExact(m, data, queries, 10, false, 100);
            ShouldBeExact(self, data, data, 10, true, 50);
        }
    }

    [Fact]
    public void Duplicate_heavy_rows_stay_exact_and_ordered_by_index_through_the_fallback()
    {
        var data = DuplicateHeavy(3000, 6, distinct: 150, seed: 3);
        var queries = DuplicateHeavy(300, 6, distinct: 150, seed: 3);
        var managed = new BruteForceNeighborSearch { NJobs = 2 };
        managed.Fit(data);
        var m = managed.Query(queries, 10, false);
        managed.LastFallbackRows.Should().BeGreaterThan(0, "about 20 copies tie at distance 0, more than the shortlist holds");
        ShouldBeExact(m, data, queries, 10, false, 300);
        using var engine = new TensorNeighborSearch { Device = CPU, NJobs = 2, BlockSize = 256 };
        engine.Fit(data);
        var self = engine.Query(data, 10, true);
        ShouldBeExact(self, data, data, 10, true, 200);
        managed.Query(data, 10, true).Indices.Should().Equal(self.Indices);
    }
}
