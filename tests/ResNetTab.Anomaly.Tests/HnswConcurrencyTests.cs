using ResNetTab.Anomaly.Neighbors;

namespace ResNetTab.Anomaly.Tests;

/// <summary>Parallel insertion on data whose near-identical rows are consecutive, and disposal under load.</summary>
public sealed class HnswConcurrencyTests
{
    /// <summary>
    /// <paramref name="clusters"/> clusters of <paramref name="perCluster"/> consecutive rows: a N(0, 1) centre plus
    /// 0.05·N(0, 1) per row (the layout of ALOI, which stores an object's views next to each other).
    /// </summary>
    internal static FeatureMatrix ClusteredConsecutive(int clusters, int perCluster, int d, int seed)
    {
        var rng = new Random(seed);
        var v = new float[clusters * perCluster * d];
        var centre = new double[d];
        for (int c = 0; c < clusters; c++)
        {
            for (int j = 0; j < d; j++) centre[j] = TestData.Gauss(rng);
            for (int r = 0; r < perCluster; r++)
            {
                int row = (c * perCluster) + r;
                for (int j = 0; j < d; j++) v[(row * d) + j] = (float)(centre[j] + (0.05 * TestData.Gauss(rng)));
            }
        }
        return FeatureMatrix.Wrap(v, d);
    }

    /// <summary>Rows whose own vector (k = 1, ef = 200) does not find them: unreachable in the graph.</summary>
    internal static int Unreachable(HnswIndex index, FeatureMatrix data)
    {
        var found = index.SearchBatch(data, 1, 200);
        int misses = 0;
        for (int r = 0; r < data.Rows; r++) if (found.Index(r, 0) != r) misses++;
        return misses;
    }

    [Fact]
    public void Parallel_builds_of_consecutive_clusters_leave_no_more_unreachable_rows_than_one_thread()
    {
        var data = ClusteredConsecutive(800, 10, 27, seed: 5);
        int Build(int threads)
        {
            using var index = new HnswIndex(27, new HnswOptions { M = 16, EfConstruction = 200, NJobs = threads });
            index.Add(data);
            return Unreachable(index, data);
        }

        int serial = Build(1);
        // More workers than cores: preemption in the middle of an insertion is what exposed the race.
        var parallel = Enumerable.Range(0, 4).Select(_ => Build(4)).ToArray();
        serial.Should().BeLessThan(10, "a one-thread build reaches almost every row");
        // Pruning order still differs between parallel builds (a row can lose its last in-link to a later, closer
        // row, as in a serial build), so a few rows of noise remain; the race itself left 13–15 in some builds.
        string because = $"a parallel build links a node on a layer only after its lower layers (one thread: {serial} unreachable; parallel: {string.Join(", ", parallel)})";
        parallel.Should().OnlyContain(u => u <= serial + 6, because);
        parallel.Sum().Should().BeLessThanOrEqualTo((4 * serial) + 8, because);
    }

    [Fact]
    public void Disposing_while_other_threads_search_never_crashes()
    {
        var data = HnswIndexTests.Clusters(1500, 16, seed: 3);
        NeighborSearchLifetimeTests.DisposeUnderLoad(60, () =>
        {
            var index = new HnswIndex(16, new HnswOptions { M = 8, EfConstruction = 40, NJobs = 1 });
            index.Add(data);
            return index;
        }, (index, i) =>
        {
            if (i % 2 == 0) index.SearchBatch(FeatureMatrix.Wrap(data.Row(i % data.Rows).ToArray(), 16), 5, 32);
            else index.Search(data.Row((i * 7) % data.Rows), 5, 32);
        });
    }
}
