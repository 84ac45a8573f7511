using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;

namespace ResNetTab.Anomaly.Tests;

public sealed class HnswIndexTests : IDisposable
{
    /// <summary>Recall@10 floor on the seeded clustered data below (measured ≈ 0.99 at ef = 64).</summary>
    private const double RecallFloor = 0.95;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "resnettab-hnsw-" + Guid.NewGuid().ToString("N"));

    public HnswIndexTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Gaussian clusters: <paramref name="n"/> rows of <paramref name="d"/> features from 20 centres.</summary>
    internal static FeatureMatrix Clusters(int n, int d, int seed, int clusters = 20)
    {
        var rng = new Random(seed);
        var centres = new double[clusters * d];
        for (int i = 0; i < centres.Length; i++) centres[i] = TestData.Gauss(rng) * 2;
        var v = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            int c = rng.Next(clusters);
            for (int j = 0; j < d; j++) v[(i * d) + j] = (float)(centres[(c * d) + j] + TestData.Gauss(rng));
        }
        return FeatureMatrix.Wrap(v, d);
    }

    private static double Recall(NeighborResult found, NeighborResult truth)
    {
        int hits = 0;
        for (int r = 0; r < truth.Rows; r++)
        {
            var t = truth.Indices.AsSpan(r * truth.K, truth.K).ToArray();
            for (int j = 0; j < truth.K; j++) if (Array.IndexOf(t, found.Index(r, j)) >= 0) hits++;
        }
        return hits / (double)(truth.Rows * truth.K);
    }

    private static NeighborResult Exact(FeatureMatrix data, FeatureMatrix queries, int k)
    {
        var exact = new BruteForceNeighborSearch();
        exact.Fit(data);
        return exact.Query(queries, k, false);
    }

    private static HnswIndex Build(FeatureMatrix data, int threads, ulong seed = 7, VectorMetric metric = VectorMetric.L2)
    {
        var index = new HnswIndex(data.Columns, new HnswOptions { M = 12, EfConstruction = 100, Ef = 64, NJobs = threads, Seed = seed, Metric = metric });
        index.Add(data);
        return index;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Recall_at_10_is_above_the_floor(int threads)
    {
        var data = Clusters(4000, 24, seed: 1);
        var queries = Clusters(300, 24, seed: 2);
        using var index = Build(data, threads);
        var found = index.SearchBatch(queries, 10, ef: 128);
        Recall(found, Exact(data, queries, 10)).Should().BeGreaterThan(RecallFloor);
        index.Count.Should().Be(4000);
        index.MaxLevel.Should().BeGreaterThan(0);
        for (int r = 0; r < found.Rows; r++)
            for (int j = 1; j < 10; j++) found.Distance(r, j).Should().BeGreaterThanOrEqualTo(found.Distance(r, j - 1));
    }

    [Fact]
    public void Distances_are_euclidean_and_a_stored_vector_finds_itself()
    {
        var data = Clusters(1000, 8, seed: 3);
        using var index = Build(data, 2);
        var (ids, distances) = index.Search(data.Row(123), 3);
        ids[0].Should().Be(123);
        distances[0].Should().Be(0);
        double expected = Math.Sqrt(ExactSquared(data.Row(123), data.Row(ids[1])));
        ((double)distances[1]).Should().BeApproximately(expected, 1e-4 * expected);
    }

    [Fact]
    public void One_thread_builds_are_deterministic_for_a_seed()
    {
        var data = Clusters(2000, 16, seed: 4);
        using var a = Build(data, 1, seed: 11);
        using var b = Build(data, 1, seed: 11);
        var queries = Clusters(100, 16, seed: 5);
        b.SearchBatch(queries, 10).Indices.Should().Equal(a.SearchBatch(queries, 10).Indices);
        a.Save(Path.Combine(_dir, "a.hnsw"));
        b.Save(Path.Combine(_dir, "b.hnsw"));
        File.ReadAllBytes(Path.Combine(_dir, "b.hnsw")).Should().Equal(File.ReadAllBytes(Path.Combine(_dir, "a.hnsw")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Saved_and_loaded_indexes_give_identical_answers(bool memoryMap)
    {
        var data = Clusters(3000, 20, seed: 6);
        var queries = Clusters(200, 20, seed: 7);
        using var index = Build(data, 2);
        string path = Path.Combine(_dir, "index.hnsw");
        index.Save(path);
        var expected = index.SearchBatch(queries, 10, ef: 40);
        using (var loaded = HnswIndex.Load(path, memoryMap))
        {
            loaded.IsMemoryMapped.Should().Be(memoryMap);
            loaded.Count.Should().Be(3000);
            loaded.Options.M.Should().Be(12);
            var actual = loaded.SearchBatch(queries, 10, ef: 40);
            actual.Indices.Should().Equal(expected.Indices);
            actual.Distances.Should().Equal(expected.Distances);

            // A mapped index is copied into memory when it grows.
            loaded.Add(Clusters(10, 20, seed: 8));
            loaded.IsMemoryMapped.Should().BeFalse();
            loaded.Count.Should().Be(3010);
        }
        Directory.GetFiles(_dir).Should().ContainSingle("the atomic writer leaves no temporary file");
    }

    [Fact]
    public void Damaged_files_are_rejected_with_clear_errors()
    {
        using var index = Build(Clusters(500, 8, seed: 9), 1);
        string path = Path.Combine(_dir, "index.hnsw");
        index.Save(path);
        var bytes = File.ReadAllBytes(path);

        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(path, flipped);
        FluentActions.Invoking(() => HnswIndex.Load(path)).Should().Throw<InvalidDataException>().WithMessage("*checksum*damaged*");

        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        FluentActions.Invoking(() => HnswIndex.Load(path, verifyChecksum: false)).Should().Throw<InvalidDataException>().WithMessage("*truncated*");

        var version = (byte[])bytes.Clone();
        version[8] = 9;
        File.WriteAllBytes(path, FileFormatFuzzTests.Reseal(version));
        FluentActions.Invoking(() => HnswIndex.Load(path)).Should().Throw<InvalidDataException>().WithMessage("*version 9*reads version 1*");

        File.WriteAllText(path, "not an index, " + new string('.', 300));
        FluentActions.Invoking(() => HnswIndex.Load(path)).Should().Throw<InvalidDataException>().WithMessage("*not an HNSW index file*");
    }

    [Fact]
    public void Incremental_adds_reach_the_recall_of_a_fresh_build()
    {
        var data = Clusters(4000, 24, seed: 10);
        var queries = Clusters(300, 24, seed: 11);
        var truth = Exact(data, queries, 10);
        using var fresh = Build(data, 2);
        using var grown = new HnswIndex(24, fresh.Options);
        for (int part = 0; part < 4; part++)
            grown.Add(data.Values.Slice(part * 1000 * 24, 1000 * 24), 24).Should().Be(part * 1000);
        double freshRecall = Recall(fresh.SearchBatch(queries, 10), truth);
        double grownRecall = Recall(grown.SearchBatch(queries, 10), truth);
        grownRecall.Should().BeGreaterThan(RecallFloor);
        grownRecall.Should().BeGreaterThan(freshRecall - 0.02);
    }

    [Fact]
    public void Cosine_metric_finds_the_nearest_directions()
    {
        var data = Clusters(2000, 16, seed: 12);
        var queries = Clusters(100, 16, seed: 13);
        using var index = Build(data, 2, metric: VectorMetric.Cosine);
        // Exact cosine neighbours: Euclidean neighbours of the normalised rows.
        var truth = Exact(Normalised(data), Normalised(queries), 10);
        var found = index.SearchBatch(queries, 10);
        Recall(found, truth).Should().BeGreaterThan(RecallFloor);
        double cos = CosineDistance(queries.Row(0), data.Row(found.Index(0, 0)));
        found.Distance(0, 0).Should().BeApproximately(cos, 1e-5);
    }

    [Fact]
    public void Bad_input_gives_clear_errors()
    {
        using var index = new HnswIndex(4);
        FluentActions.Invoking(() => index.Search(new float[4], 1)).Should().Throw<InvalidOperationException>().WithMessage("*index is empty*");
        FluentActions.Invoking(() => index.Add(new float[6], 3)).Should().Throw<ArgumentException>().WithMessage("*3 features*dimension 4*");
        FluentActions.Invoking(() => index.Add([1, 2, float.NaN, 4], 4)).Should().Throw<ArgumentException>().WithMessage("*NaN at row 0, column 2*");
        FluentActions.Invoking(() => index.Add(new float[7], 4)).Should().Throw<ArgumentException>().WithMessage("*whole number*");
        index.Add([1, 2, 3, 4, 5, 6, 7, 8], 4);
        FluentActions.Invoking(() => index.Search(new float[3], 1)).Should().Throw<ArgumentException>().WithMessage("*3 features*dimension 4*");
        FluentActions.Invoking(() => index.Search([0, float.PositiveInfinity, 0, 0], 1)).Should().Throw<ArgumentException>().WithMessage("*infinity at row 0, column 1*");
        FluentActions.Invoking(() => index.Search(new float[4], 0)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*k must be at least 1*");
        index.Search(new float[4], 5).Ids.Should().HaveCount(2, "only two vectors are indexed");
        using var cosine = new HnswIndex(2, new HnswOptions { Metric = VectorMetric.Cosine });
        FluentActions.Invoking(() => cosine.Add(new float[2], 2)).Should().Throw<ArgumentException>().WithMessage("*zero vector*");
        FluentActions.Invoking(() => new HnswIndex(4, new HnswOptions { M = 1 })).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*M must be between 2 and 2048*");
        // Sizes have upper bounds: no option can ask for an unbounded stack frame or allocation.
        FluentActions.Invoking(() => new HnswIndex(4, new HnswOptions { M = 300_000 })).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*M must be between*");
        FluentActions.Invoking(() => new HnswIndex(4, new HnswOptions { EfConstruction = int.MaxValue })).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*EfConstruction*");
        FluentActions.Invoking(() => new HnswIndex(4, new HnswOptions { Ef = 0 })).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Ef must be*");
        FluentActions.Invoking(() => new HnswIndex(1 << 20)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*dimension*");
        using var wide = new HnswIndex(4, new HnswOptions { M = HnswOptions.MaxM, EfConstruction = 8, NJobs = 1 });
        wide.Add(new float[] { 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0 }, 4);
        wide.Search(new float[] { 1, 0, 0, 0 }, 1).Ids.Should().Equal(3);
    }

    private static FeatureMatrix Normalised(FeatureMatrix x)
    {
        var v = x.Values.ToArray();
        for (int i = 0; i < x.Rows; i++)
        {
            var row = v.AsSpan(i * x.Columns, x.Columns);
            double n = 0;
            foreach (var f in row) n += (double)f * f;
            for (int j = 0; j < row.Length; j++) row[j] = (float)(row[j] / Math.Sqrt(n));
        }
        return FeatureMatrix.Wrap(v, x.Columns);
    }

    private static double CosineDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += (double)a[i] * b[i]; na += (double)a[i] * a[i]; nb += (double)b[i] * b[i]; }
        return 1 - (dot / Math.Sqrt(na * nb));
    }

    private static double ExactSquared(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int c = 0; c < a.Length; c++) { double diff = (double)a[c] - b[c]; s += diff * diff; }
        return s;
    }
}
