using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;

namespace ResNetTab.Anomaly.Tests;

public class NeighborSearchTests
{
    private static (double[] D, int[] I) Naive(FeatureMatrix refs, FeatureMatrix q, int k, bool excludeSelf)
    {
        var d = new double[q.Rows * k];
        var idx = new int[q.Rows * k];
        for (int i = 0; i < q.Rows; i++)
        {
            var all = new List<(double, int)>();
            for (int j = 0; j < refs.Rows; j++)
            {
                if (excludeSelf && i == j) continue;
                double s = 0;
                for (int c = 0; c < refs.Columns; c++) { double diff = (double)q[i, c] - refs[j, c]; s += diff * diff; }
                all.Add((Math.Sqrt(s), j));
            }
            var top = all.OrderBy(t => t.Item1).ThenBy(t => t.Item2).Take(k).ToArray();
            for (int t = 0; t < k; t++) { d[(i * k) + t] = top[t].Item1; idx[(i * k) + t] = top[t].Item2; }
        }
        return (d, idx);
    }

    [Theory]
    [InlineData(1, 1, 1, false, false)]
    [InlineData(37, 5, 3, true, false)]
    [InlineData(37, 5, 3, true, true)]
    [InlineData(203, 13, 10, true, false)]
    [InlineData(203, 13, 10, false, true)]
    [InlineData(600, 64, 20, true, false)]
    [InlineData(600, 64, 20, true, true)]
    public void BruteForce_EqualsNaiveSearch(int n, int d, int k, bool excludeSelf, bool wide)
    {
        if (excludeSelf && k >= n) return;
        var (x, _) = TestData.Blobs(n, d, n / 10, n + d);
        var search = new BruteForceNeighborSearch { QueryBlockSize = 32, ReferenceBlockSize = 64, NJobs = 2, UseWideKernel = wide };
        search.Fit(x);
        var got = search.Query(x, k, excludeSelf);
        var (ed, ei) = Naive(x, x, k, excludeSelf);
        got.Indices.Should().Equal(ei);
        for (int i = 0; i < ed.Length; i++) got.Distances[i].Should().BeApproximately(ed[i], 1e-12);
    }

    [Fact]
    public void TiesAndDuplicates_AreOrderedBySmallerIndex_AndSelfIsExcludedByIndex()
    {
        var x = FeatureMatrix.From(new float[,] { { 0 }, { 0 }, { 1 }, { -1 }, { 0 }, { 2 } });
        var search = new BruteForceNeighborSearch();
        search.Fit(x);
        var r = search.Query(x, 3, excludeSelf: true);
        r.Indices.AsSpan(0, 3).ToArray().Should().Equal(1, 4, 2);   // row 0: twins 1 and 4 at 0, then 2 (tie with 3)
        r.Indices.AsSpan(3, 3).ToArray().Should().Equal(0, 4, 2);
        r.Distances.AsSpan(0, 3).ToArray().Should().Equal(0, 0, 1);
    }

    [Fact]
    public void LargeOffsets_DoNotCauseCancellation()
    {
        // Points far from the origin but close together: the norm decomposition alone would lose all digits.
        var rng = new Random(3);
        var v = new float[300 * 8];
        for (int i = 0; i < v.Length; i++) v[i] = 10000f + (float)(rng.NextDouble() * 0.5);
        var x = FeatureMatrix.Wrap(v, 8);
        var search = new BruteForceNeighborSearch();
        search.Fit(x);
        var got = search.Query(x, 5, true);
        var (ed, ei) = Naive(x, x, 5, true);
        got.Indices.Should().Equal(ei);
        for (int i = 0; i < ed.Length; i++) got.Distances[i].Should().BeApproximately(ed[i], 1e-9);
    }

    [Fact]
    public void Distances_EqualScikitLearnNearestNeighbors()
    {
        foreach (var c in Oracle.Load("knn.json").GetProperty("cases").EnumerateArray())
        {
            int d = c.GetProperty("d").GetInt32(), k = c.GetProperty("k").GetInt32();
            var search = new BruteForceNeighborSearch();
            search.Fit(c.Matrix("train", d));
            var train = search.Query(c.Matrix("train", d), k, true);
            var test = search.Query(c.Matrix("test", d), k, false);
            train.Indices.Should().Equal(c.Ints("train_indices"));
            test.Indices.Should().Equal(c.Ints("test_indices"));
            var td = c.Doubles("train_distances");
            for (int i = 0; i < td.Length; i++) train.Distances[i].Should().BeApproximately(td[i], 1e-6 * td[i]);
        }
    }

    [Fact]
    public void BadQueries_AreRejected()
    {
        var (x, _) = TestData.Blobs(10, 3, 0, 1);
        var search = new BruteForceNeighborSearch();
        var notFitted = () => search.Query(x, 1, false);
        notFitted.Should().Throw<InvalidOperationException>();
        search.Fit(x);
        var tooMany = () => search.Query(x, 10, true);
        tooMany.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*k must be in [1, 9]*");
        var (other, _) = TestData.Blobs(4, 2, 0, 1);
        var mismatch = () => search.Query(other, 1, false);
        mismatch.Should().Throw<ArgumentException>().WithMessage("*2 features*3*");
    }

    [Fact]
    public void Detectors_UseTheInjectedSearchStrategy()
    {
        int created = 0;
        var (x, _) = TestData.Blobs(80, 3, 4, 2);
        var lof = new LocalOutlierFactor(new LocalOutlierFactorOptions
        {
            NeighborSearch = () => { created++; return new BruteForceNeighborSearch { NJobs = 1 }; },
        });
        lof.Fit(x);
        created.Should().Be(1);
    }
}
