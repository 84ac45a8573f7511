using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;
using static TorchSharp.torch;

namespace ResNetTab.Anomaly.Tests;

/// <summary>The blocked GEMM search against the managed brute force: same indices, same distances, bit for bit.</summary>
[Collection("Engine tensor count")]
public class ExactTensorSearchTests
{
    private static FeatureMatrix Uniform(int rows, int columns, int seed)
    {
        var rng = new Random(seed);
        var v = new float[rows * columns];
        for (int i = 0; i < v.Length; i++) v[i] = (float)((rng.NextDouble() * 2) - 1);
        return FeatureMatrix.Wrap(v, columns);
    }

    /// <summary>Small integer values: many exact ties and duplicate rows.</summary>
    private static FeatureMatrix Tied(int rows, int columns, int seed, int levels = 3)
    {
        var rng = new Random(seed);
        var v = new float[rows * columns];
        for (int i = 0; i < v.Length; i++) v[i] = rng.Next(levels);
        return FeatureMatrix.Wrap(v, columns);
    }

    private static void ShouldMatchBruteForce(FeatureMatrix data, FeatureMatrix queries, int k, bool excludeSelf, int block)
    {
        var managed = new BruteForceNeighborSearch { NJobs = 2 };
        managed.Fit(data);
        using var engine = new TensorNeighborSearch { Device = CPU, BlockSize = block, NJobs = 2 };
        engine.Fit(data);
        var expected = managed.Query(queries, k, excludeSelf);
        var actual = engine.Query(queries, k, excludeSelf);
        var naive = Naive(data, queries, k, excludeSelf);
        actual.Indices.Should().Equal(naive, "the GEMM search is exact");
        expected.Indices.Should().Equal(naive, "the managed search is exact");
        actual.Indices.Should().Equal(expected.Indices);
        actual.Distances.Should().Equal(expected.Distances);
    }

    private static int[] Naive(FeatureMatrix refs, FeatureMatrix q, int k, bool excludeSelf)
    {
        var idx = new int[q.Rows * k];
        for (int i = 0; i < q.Rows; i++)
        {
            var top = Enumerable.Range(0, refs.Rows).Where(j => !excludeSelf || j != i)
                .Select(j => (D: ExactSquared(q.Row(i), refs.Row(j)), J: j))
                .OrderBy(t => t.D).ThenBy(t => t.J).Take(k).ToArray();
            for (int t = 0; t < k; t++) idx[(i * k) + t] = top[t].J;
        }
        return idx;
    }

    private static double ExactSquared(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int c = 0; c < a.Length; c++) { double diff = (double)a[c] - b[c]; s += diff * diff; }
        return s;
    }

    [Theory]
    [InlineData(1, 1, 1, false, 16)]
    [InlineData(37, 5, 3, true, 16)]
    [InlineData(203, 13, 10, true, 64)]
    [InlineData(203, 13, 10, false, 64)]
    [InlineData(1000, 64, 20, true, 96)]   // blocks above the diagonal feed rows and columns
    [InlineData(1000, 64, 20, true, 4096)] // one block
    [InlineData(777, 9, 7, false, 100)]
    public void Random_data_gives_the_brute_force_answer(int n, int d, int k, bool excludeSelf, int block)
    {
        var data = Uniform(n, d, n + d);
        var queries = excludeSelf ? data : Uniform(Math.Max(1, n / 3), d, n - d);
        ShouldMatchBruteForce(data, queries, k, excludeSelf, block);
    }

    [Theory]
    [InlineData(500, 4, 5, true, 64)]
    [InlineData(500, 4, 5, false, 64)]
    [InlineData(800, 2, 20, true, 128)] // nine distinct rows: every shortlist is all ties
    [InlineData(400, 12, 10, true, 48)]
    public void Tied_and_duplicate_rows_give_the_brute_force_answer(int n, int d, int k, bool excludeSelf, int block)
    {
        var data = Tied(n, d, seed: n + k);
        var queries = excludeSelf ? data : Tied(n / 2, d, seed: n - k);
        ShouldMatchBruteForce(data, queries, k, excludeSelf, block);
    }

    [Fact]
    public void Heavily_tied_rows_fall_back_to_an_exact_scan_and_stay_ordered_by_index()
    {
        var x = FeatureMatrix.From(new float[,] { { 0 }, { 0 }, { 1 }, { -1 }, { 0 }, { 2 } });
        using var engine = new TensorNeighborSearch { Device = CPU, BlockSize = 4 };
        engine.Fit(x);
        var r = engine.Query(x, 3, excludeSelf: true);
        r.Indices.AsSpan(0, 3).ToArray().Should().Equal(1, 4, 2);
        r.Indices.AsSpan(3, 3).ToArray().Should().Equal(0, 4, 2);
        r.Distances.AsSpan(0, 3).ToArray().Should().Equal(0, 0, 1);
        engine.LastFallbackRows.Should().Be(0, "with 5 candidates and a margin of 8 every shortlist is complete");

        var many = Tied(600, 1, seed: 5, levels: 2); // 300 copies of each of two rows
        using var small = new TensorNeighborSearch { Device = CPU, BlockSize = 64, CandidateMargin = 2 };
        small.Fit(many);
        var expected = new BruteForceNeighborSearch();
        expected.Fit(many);
        small.Query(many, 5, true).Indices.Should().Equal(expected.Query(many, 5, true).Indices);
        small.LastFallbackRows.Should().BeGreaterThan(0, "equidistant shortlists cannot be certified");
    }

    [Fact]
    public void The_default_search_fits_large_sets_on_the_engine_with_identical_answers()
    {
        var data = Uniform(5000, 16, seed: 3);
        var queries = Uniform(100, 16, seed: 4);
        using var search = new ExactNeighborSearch { NJobs = 2 };
        search.Fit(data);
        var managed = new BruteForceNeighborSearch { NJobs = 2 };
        managed.Fit(data);

        var fit = search.Query(data, 5, excludeSelf: true);
        search.LastUsed.Should().BeOfType<TensorNeighborSearch>();
        var expected = managed.Query(data, 5, true);
        fit.Indices.Should().Equal(expected.Indices);
        fit.Distances.Should().Equal(expected.Distances);

        search.Query(queries, 5, excludeSelf: false).Distances.Should().Equal(managed.Query(queries, 5, false).Distances);
        search.LastUsed.Should().BeOfType<BruteForceNeighborSearch>();
    }

    [Fact]
    public void Equals_scikit_learn_nearest_neighbors()
    {
        foreach (var c in Oracle.Load("knn.json").GetProperty("cases").EnumerateArray())
        {
            int d = c.GetProperty("d").GetInt32(), k = c.GetProperty("k").GetInt32();
            using var search = new TensorNeighborSearch { Device = CPU, BlockSize = 32 };
            search.Fit(c.Matrix("train", d));
            search.Query(c.Matrix("train", d), k, true).Indices.Should().Equal(c.Ints("train_indices"));
            search.Query(c.Matrix("test", d), k, false).Indices.Should().Equal(c.Ints("test_indices"));
        }
    }

    [Fact]
    public void Queries_free_every_tensor_they_create()
    {
        var data = Uniform(300, 8, 1);
        using var search = new TensorNeighborSearch { Device = CPU, BlockSize = 64 };
        search.Fit(data);
        search.Query(data, 5, true);
        long before = TorchSharp.torch.Tensor.TotalCount;
        search.Query(data, 5, true);
        search.Query(Uniform(50, 8, 2), 5, false);
        TorchSharp.torch.Tensor.TotalCount.Should().Be(before);
    }
}
