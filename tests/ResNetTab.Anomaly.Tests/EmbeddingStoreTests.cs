using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;

namespace ResNetTab.Anomaly.Tests;

public sealed class EmbeddingStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "resnettab-store-" + Guid.NewGuid().ToString("N"));

    public EmbeddingStoreTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>600 events of 8 features; users u0–u5 and hosts h0–h2, one minute apart.</summary>
    private static (EmbeddingStore Store, FeatureMatrix X) Filled(HnswOptions? index = null, int n = 600)
    {
        var x = HnswIndexTests.Clusters(n, 8, seed: 21, clusters: 6);
        var store = new EmbeddingStore(8, index);
        var entities = Enumerable.Range(0, n).Select(i => (IReadOnlyDictionary<string, string>?)new Dictionary<string, string>
        {
            ["user"] = $"u{i % 6}",
            ["host"] = $"h{i % 3}",
        }).ToArray();
        store.AppendRange(x, Enumerable.Range(0, n).Select(i => new EventLocation("events.jsonl", i * 100L)).ToArray(), entities,
            Enumerable.Range(0, n).Select(i => T0.AddMinutes(i)).ToArray());
        return (store, x);
    }

    [Fact]
    public void Events_keep_their_location_entities_and_time()
    {
        var (store, x) = Filled();
        using var _ = store;
        int id = store.Append(new float[8], new EventLocation("late.jsonl", 7), new Dictionary<string, string> { ["user"] = "u9" }, T0.AddDays(1));
        id.Should().Be(600);
        var e = store.Event(42);
        e.Location.Should().Be(new EventLocation("events.jsonl", 4200));
        e.Entities.Should().BeEquivalentTo(new Dictionary<string, string> { ["user"] = "u0", ["host"] = "h0" });
        e.Time.Should().Be(T0.AddMinutes(42));
        store.Embedding(42).ToArray().Should().Equal(x.Row(42).ToArray());
        store.EventsOf("user", "u9").Should().Equal(600);
        store.EventsOf("user", "u1").Should().HaveCount(100).And.BeInAscendingOrder();
        store.EventsOf("user", "nobody").Should().BeEmpty();
        store.EntitiesOf("host").Should().BeEquivalentTo(["h0", "h1", "h2"]);
        store.EntityKinds.Should().BeEquivalentTo(["user", "host"]);
    }

    [Fact]
    public void Entity_queries_equal_brute_force_over_the_entity_rows()
    {
        var (store, x) = Filled();
        using var _ = store;
        var rows = store.EventsOf("user", "u2").ToArray();
        var exact = new BruteForceNeighborSearch();
        exact.Fit(x.SelectRows(rows));
        var query = HnswIndexTests.Clusters(5, 8, seed: 22, clusters: 6);
        var truth = exact.Query(query, 7, false);
        for (int q = 0; q < 5; q++)
        {
            var found = store.NearestWithin(query.Row(q), 7, "user", "u2");
            found.Select(n => n.Id).Should().Equal(Enumerable.Range(0, 7).Select(j => rows[truth.Index(q, j)]));
            found.Select(n => n.Distance).Should().Equal(Enumerable.Range(0, 7).Select(j => truth.Distance(q, j)));
        }
    }

    [Fact]
    public void Neighbours_of_an_event_never_include_it_and_can_be_limited_to_its_past()
    {
        var (store, _) = Filled();
        using var _s = store;
        var own = store.NearestOf(300, 5, withinKind: "user");
        own.Should().HaveCount(5);
        own.Select(n => n.Id).Should().NotContain(300).And.OnlyContain(id => id % 6 == 0);
        store.NearestOf(300, 5, withinKind: "host", historyOnly: true).Should().OnlyContain(n => n.Id < 300 && n.Id % 3 == 0);
        store.NearestOf(0, 5, withinKind: "user", historyOnly: true).Should().BeEmpty("the first event has no past");
        var all = store.NearestOf(300, 5);
        all.Select(n => n.Id).Should().NotContain(300);
        all[0].Distance.Should().BeLessThanOrEqualTo(own[0].Distance);
    }

    [Fact]
    public void Store_wide_queries_are_exact_without_an_index_and_close_with_one()
    {
        var (exact, x) = Filled();
        var (indexed, _) = Filled(new HnswOptions { M = 8, EfConstruction = 64, Ef = 64, NJobs = 1 });
        using var _e = exact;
        using var _i = indexed;
        var brute = new BruteForceNeighborSearch();
        brute.Fit(x);
        var queries = HnswIndexTests.Clusters(50, 8, seed: 23, clusters: 6);
        var truth = brute.Query(queries, 10, false);
        int hits = 0;
        for (int q = 0; q < 50; q++)
        {
            exact.Nearest(queries.Row(q), 10).Select(n => n.Id).Should().Equal(truth.Indices.AsSpan(q * 10, 10).ToArray());
            var approx = indexed.Nearest(queries.Row(q), 10).Select(n => n.Id).ToArray();
            hits += approx.Count(id => Array.IndexOf(truth.Indices, id, q * 10, 10) >= 0);
        }
        (hits / 500.0).Should().BeGreaterThan(0.95);
    }

    [Fact]
    public void Saved_stores_load_with_identical_answers_and_damage_is_detected()
    {
        var (store, _) = Filled(new HnswOptions { M = 8, EfConstruction = 64, NJobs = 1 });
        using var _s = store;
        string path = Path.Combine(_dir, "history.store");
        store.Save(path);
        using (var loaded = EmbeddingStore.Load(path))
        {
            loaded.Count.Should().Be(600);
            loaded.IndexOptions!.M.Should().Be(8);
            loaded.Event(77).Should().BeEquivalentTo(store.Event(77));
            loaded.NearestOf(123, 6, "user").Should().Equal(store.NearestOf(123, 6, "user"));
            loaded.NearestOf(123, 6).Should().Equal(store.NearestOf(123, 6));
        }
        Directory.GetFiles(_dir).Should().ContainSingle("the atomic writer leaves no temporary file");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 3] ^= 4;
        File.WriteAllBytes(path, bytes);
        FluentActions.Invoking(() => EmbeddingStore.Load(path)).Should().Throw<InvalidDataException>().WithMessage("*checksum*damaged*");
        File.WriteAllText(path, "hello");
        FluentActions.Invoking(() => EmbeddingStore.Load(path)).Should().Throw<InvalidDataException>().WithMessage("*not an embedding store*");
    }

    [Fact]
    public void Bad_input_gives_clear_errors()
    {
        using var store = new EmbeddingStore(3);
        FluentActions.Invoking(() => store.Nearest(new float[3], 1)).Should().Throw<InvalidOperationException>().WithMessage("*store is empty*");
        FluentActions.Invoking(() => store.Append(new float[2], new EventLocation("a", 0), null, T0))
            .Should().Throw<ArgumentException>().WithMessage("*2 values*dimension 3*");
        FluentActions.Invoking(() => store.Append([0, float.NaN, 0], new EventLocation("a", 0), null, T0))
            .Should().Throw<ArgumentException>().WithMessage("*NaN at column 1*");
        store.Append([1, 2, 3], new EventLocation("a", 0), new Dictionary<string, string> { ["user"] = "x" }, T0);
        FluentActions.Invoking(() => store.Nearest(new float[4], 1)).Should().Throw<ArgumentException>().WithMessage("*4 values*dimension 3*");
        FluentActions.Invoking(() => store.NearestOf(0, 1, withinKind: "host")).Should().Throw<ArgumentException>().WithMessage("*kind 'host'*");
        FluentActions.Invoking(() => store.Event(5)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*ids 0 to 0*");
    }

    [Fact]
    public void The_entity_scorer_answers_from_its_history_store()
    {
        var (x, _) = TestData.Blobs(300, 4, 0, 31);
        var entities = Enumerable.Range(0, 300).Select(i => i < 200 ? (i % 2 == 0 ? "alice" : "bob") : null).ToArray();
        var scorer = new EntityContextScorer(new EntityContextOptions { Mode = EntityContextMode.Neighbors, NNeighbors = 3, MinEntitySamples = 20 });
        scorer.Fit(x, entities);
        scorer.History!.EventsOf("entity", "alice").Should().HaveCount(100);
        // Row 10 (alice): its score is the mean distance to its 3 nearest other alice rows.
        var nn = scorer.History.NearestOf(10, 3, withinKind: "entity");
        scorer.TrainingScores[10].Should().Be(nn.Sum(n => n.Distance) / 3);
        nn.Should().OnlyContain(n => n.Id % 2 == 0 && n.Id < 200 && n.Id != 10);
    }
}
