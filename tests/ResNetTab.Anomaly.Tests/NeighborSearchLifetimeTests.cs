using ResNetTab.Anomaly.Neighbors;
using static TorchSharp.torch;

namespace ResNetTab.Anomaly.Tests;

/// <summary>Disposal while other threads query, and the managed fallback of an application without an engine backend.</summary>
[Collection("Engine tensor count")]
public sealed class NeighborSearchLifetimeTests
{
    /// <summary>
    /// Runs <paramref name="rounds"/> rounds of: start three threads calling <paramref name="use"/> in a loop, dispose
    /// the object, and check every thread ended with <see cref="ObjectDisposedException"/> and nothing else.
    /// </summary>
    internal static void DisposeUnderLoad<T>(int rounds, Func<T> create, Action<T, int> use) where T : IDisposable
    {
        for (int round = 0; round < rounds; round++)
        {
            var target = create();
            using var started = new CountdownEvent(3);
            var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            var workers = Enumerable.Range(0, 3).Select(w => new Thread(() =>
            {
                started.Signal();
                try
                {
                    for (int i = 0; ; i++) use(target, (w * 1000) + i);
                }
                catch (ObjectDisposedException)
                {
                }
                catch (Exception e)
                {
                    failures.Add(e);
                }
            })).ToArray();
            foreach (var t in workers) t.Start();
            started.Wait();
            Thread.Sleep(round % 4);
            target.Dispose();
            foreach (var t in workers) t.Join();
            failures.Should().BeEmpty();
            FluentActions.Invoking(() => use(target, 0)).Should().Throw<ObjectDisposedException>();
        }
    }

    [Fact]
    public void Disposing_the_engine_search_while_it_is_queried_never_crashes()
    {
        var data = HnswIndexTests.Clusters(1200, 8, seed: 2);
        var queries = HnswIndexTests.Clusters(40, 8, seed: 3);
        DisposeUnderLoad(40, () =>
        {
            var s = new TensorNeighborSearch { Device = CPU, NJobs = 1, BlockSize = 256 };
            s.Fit(data);
            return s;
        }, (s, i) => s.Query(i % 2 == 0 ? queries : data, 5, excludeSelf: i % 2 != 0));
    }

    [Fact]
    public void Disposing_the_default_and_hnsw_searches_and_the_store_while_they_are_queried_never_crashes()
    {
        var data = HnswIndexTests.Clusters(900, 8, seed: 4);
        var queries = HnswIndexTests.Clusters(30, 8, seed: 5);
        DisposeUnderLoad(30, () =>
        {
            var s = new ExactNeighborSearch { NJobs = 1, MinEngineRows = 500 };
            s.Fit(data);
            return s;
        }, (s, i) => s.Query(i % 2 == 0 ? queries : data, 5, excludeSelf: i % 2 != 0));
        DisposeUnderLoad(30, () =>
        {
            var s = new HnswNeighborSearch(new HnswOptions { M = 6, EfConstruction = 32, NJobs = 1 });
            s.Fit(data);
            return s;
        }, (s, _) => s.Query(queries, 5, excludeSelf: false));
        DisposeUnderLoad(30, () =>
        {
            var store = new EmbeddingStore(8, new HnswOptions { M = 6, EfConstruction = 32, NJobs = 1 });
            for (int i = 0; i < 300; i++) store.Append(data.Row(i), new EventLocation("s", i), null, DateTimeOffset.UnixEpoch.AddSeconds(i));
            return store;
        }, (s, i) => s.NearestOf(i % 300, 4));
    }

    [Fact]
    public void Without_an_engine_backend_large_fits_use_the_managed_search_with_the_same_answers()
    {
        var data = HnswIndexTests.Clusters(4200, 6, seed: 6);
        static TensorNeighborSearch NoBackend(int _) =>
            throw new TypeInitializationException("TorchSharp.torch", new DllNotFoundException("libtorch is not installed"));
        using var missing = new ExactNeighborSearch { NJobs = 2, EngineFactory = NoBackend };
        missing.Fit(data);
        var fallback = missing.Query(data, 10, excludeSelf: true);
        missing.LastUsed.Should().BeOfType<BruteForceNeighborSearch>();
        using var engine = new ExactNeighborSearch { NJobs = 2 };
        engine.Fit(data);
        var expected = engine.Query(data, 10, excludeSelf: true);
        engine.LastUsed.Should().BeOfType<TensorNeighborSearch>();
        fallback.Indices.Should().Equal(expected.Indices);
        fallback.Distances.Should().Equal(expected.Distances);

        var lof = new LocalOutlierFactor(new LocalOutlierFactorOptions
        {
            NJobs = 2,
            NeighborSearch = () => new ExactNeighborSearch { NJobs = 2, EngineFactory = NoBackend },
        });
        lof.Fit(data);
        var reference = new LocalOutlierFactor(new LocalOutlierFactorOptions { NJobs = 2 });
        reference.Fit(data);
        lof.TrainingScores.ToArray().Should().Equal(reference.TrainingScores.ToArray());
    }

    [Fact]
    public void Size_options_have_upper_bounds()
    {
        FluentActions.Invoking(() => new TensorNeighborSearch { BlockSize = 1 << 20 }).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*BlockSize*");
        FluentActions.Invoking(() => new TensorNeighborSearch { CandidateMargin = -1 }).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*CandidateMargin*");
        FluentActions.Invoking(() => new BruteForceNeighborSearch { QueryBlockSize = 0 }).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*QueryBlockSize*");
        FluentActions.Invoking(() => new BruteForceNeighborSearch { ReferenceBlockSize = int.MaxValue }).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*ReferenceBlockSize*");
        FluentActions.Invoking(() => new BruteForceNeighborSearch { CandidateMargin = 5000 }).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*CandidateMargin*");
    }
}
