using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ResNetTab.Anomaly.Tests;

/// <summary>
/// Hostile saved scorer files, one test per built-in kind: truncations, byte flips, and structural edits of every field
/// of the document whose checksum was recomputed (so only the loader's validation can catch them). Loading must end in
/// <see cref="InvalidDataException"/> naming the file, or in a scorer that scores finite rows quickly without NaN —
/// never another exception type, a crash, a hang or a huge allocation.
/// </summary>
public sealed class ScorerFileFuzzTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "resnettab-scorer-fuzz-" + Guid.NewGuid().ToString("N"));

    public ScorerFileFuzzTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Values an edited number can take: signs, zeros, limits, huge sizes, fractions.</summary>
    private static readonly JsonNode?[] Replacements =
    [
        -1, 0, 1, 2, 3, 0.5, -0.5, 1e-300, 1e300, -1e300, int.MaxValue, int.MinValue, 1L << 40, 2e9, 100_000,
        "x", null, true, new JsonArray(), new JsonObject(),
    ];

    public static TheoryData<string> Kinds => new() { "if", "lof", "lof-outlier", "knn", "maha", "ecod", "copod", "ensemble" };

    private static IAnomalyScorer Create(string kind) => kind switch
    {
        "if" => new IsolationForest(new IsolationForestOptions { Seed = 7, NEstimators = 6, MaxSamples = SampleSize.Of(32), MaxFeatures = SampleSize.Of(3) }),
        "lof" => new LocalOutlierFactor(new LocalOutlierFactorOptions { Novelty = true, NNeighbors = 5 }),
        "lof-outlier" => new LocalOutlierFactor(new LocalOutlierFactorOptions { NNeighbors = 5 }),
        "knn" => new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 4, Method = KNeighborsMethod.Mean }),
        "maha" => new MahalanobisScorer(),
        "ecod" => new EcodScorer(),
        "copod" => new CopodScorer(0.05),
        _ => new ScoreEnsemble([new IsolationForest(new IsolationForestOptions { Seed = 1, NEstimators = 3, MaxSamples = SampleSize.Of(16) }), new EcodScorer()],
            EnsembleNormalization.ZScore, 0.05),
    };

    /// <summary>Every node of the document with the path to it, the root's "checksum" excluded.</summary>
    private static List<(JsonNode Parent, object Key)> Slots(JsonNode node)
    {
        var slots = new List<(JsonNode, object)>();
        void Walk(JsonNode n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (name, child) in o.ToList())
                    {
                        if (ReferenceEquals(n.Root, n) && name == "checksum") continue;
                        slots.Add((o, name));
                        if (child is not null) Walk(child);
                    }
                    break;
                case JsonArray a:
                    // Arrays can be long: their first, second and last items, and the array itself through its parent.
                    foreach (int i in new[] { 0, 1, a.Count - 1 }.Where(i => i >= 0 && i < a.Count).Distinct())
                    {
                        slots.Add((a, i));
                        if (a[i] is { } child) Walk(child);
                    }
                    break;
            }
        }
        Walk(node);
        return slots;
    }

    /// <summary>The document's checksum recomputed as the library computes it: SHA-256 of its compact JSON without "checksum".</summary>
    private static string Reseal(JsonObject document)
    {
        document.Remove("checksum");
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString())));
        document["checksum"] = hash;
        return document.ToJsonString();
    }

    private static IEnumerable<JsonObject> Edits(JsonObject original, int seed)
    {
        var slots = Slots(original);
        var rng = new Random(seed);
        for (int s = 0; s < slots.Count; s++)
        {
            var (parent, key) = slots[s];
            var current = key is string name ? parent[name] : parent[(int)key];
            IEnumerable<Func<JsonNode?>> variants = current switch
            {
                JsonArray a => [() => new JsonArray(), () => Truncate(a, a.Count / 2), () => Truncate(a, a.Count + 1), () => 5],
                JsonObject => [() => new JsonObject(), () => 1],
                _ => Enumerable.Range(0, 6).Select(_ => Replacements[rng.Next(Replacements.Length)]).Select<JsonNode?, Func<JsonNode?>>(v => () => v?.DeepClone()),
            };
            foreach (var variant in variants)
            {
                var copy = (JsonObject)original.DeepClone();
                var (p, k) = Slots(copy)[s];
                if (k is string n2) p[n2] = variant();
                else p[(int)k] = variant();
                yield return copy;
            }
            if (key is string removable && parent is JsonObject)
            {
                var copy = (JsonObject)original.DeepClone();
                var (p, _) = Slots(copy)[s];
                ((JsonObject)p).Remove(removable);
                yield return copy;
            }
        }
    }

    /// <summary>An array cut to <paramref name="count"/> items, or grown by repeating its last item.</summary>
    private static JsonArray Truncate(JsonArray a, int count)
    {
        var result = new JsonArray();
        for (int i = 0; i < count; i++) result.Add(a.Count == 0 ? 0 : a[Math.Min(i, a.Count - 1)]?.DeepClone());
        return result;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Saved_scorer_files_fail_only_with_InvalidDataException(string kind)
    {
        var (x, _) = TestData.Blobs(60, 3, 4, 5);
        var (test, _) = TestData.Blobs(12, 3, 2, 6);
        var extreme = FeatureMatrix.Wrap([3e38f, -3e38f, 0f, float.Epsilon, 1e-30f, -1e30f], 3);
        var scorer = Create(kind);
        scorer.Fit(x);
        string good = Path.Combine(_dir, kind + ".json"), bad = Path.Combine(_dir, kind + "-bad.json");
        ScorerPersistence.Save(scorer, good);
        var text = File.ReadAllText(good);
        int loaded = 0, rejected = 0;

        void Expect(string content)
        {
            File.WriteAllText(bad, content);
            var clock = Stopwatch.StartNew();
            try
            {
                var again = ScorerPersistence.Load(bad);
                loaded++;
                if (again.FeatureCount != 3)
                {
                    // Only a forest may claim more columns than its trees split on; the caller then gets a clear error.
                    again.Should().BeOfType<IsolationForest>("a file whose model disagrees with its feature count is refused");
                    FluentActions.Invoking(() => again.Score(test)).Should().Throw<ArgumentException>().WithMessage("*features*");
                    return;
                }
                // An outlier-mode LOF (scikit-learn's novelty=False) scores only its training rows.
                var scored = again is LocalOutlierFactor { Options.Novelty: false }
                    ? [again.TrainingScores.ToArray()]
                    : new[] { test, extreme }.Select(rows => again.Score(rows).Concat(again.Predict(rows).Select(p => (double)p)).ToArray());
                foreach (var scores in scored)
                    scores.Should().OnlyContain(s => double.IsFinite(s), "finite rows get finite scores");
                (again as IDisposable)?.Dispose();
            }
            catch (InvalidDataException e)
            {
                rejected++;
                e.Message.Should().Contain(bad, "the error names the file");
            }
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "an edited file must not make loading or scoring hang");
        }

        foreach (int n in new[] { 0, 1, 10, text.Length / 3, text.Length / 2, text.Length - 2, text.Length - 1 })
            Expect(text[..n]);
        var rng = new Random(3);
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        for (int i = 0; i < 60; i++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[rng.Next(flipped.Length)] ^= (byte)(1 << rng.Next(7));
            int before = rejected;
            Expect(System.Text.Encoding.UTF8.GetString(flipped));
            rejected.Should().Be(before + 1, "the checksum or the JSON parser catches every flip");
        }
        var original = (JsonObject)JsonNode.Parse(text)!;
        int edits = 0;
        foreach (var edited in Edits(original, seed: kind.Length))
        {
            Expect(Reseal(edited));
            edits++;
        }
        edits.Should().BeGreaterThan(40);
        rejected.Should().BeGreaterThan(edits / 4);
    }

    [Theory]
    [InlineData(EntityContextMode.Neighbors)]
    [InlineData(EntityContextMode.Centroid)]
    public void Saved_entity_context_files_fail_only_with_InvalidDataException(EntityContextMode mode)
    {
        var (x, _) = TestData.Blobs(40, 2, 2, 7);
        string?[] entities = Enumerable.Range(0, x.Rows).Select(i => i % 4 == 3 ? null : "e" + (i % 2)).ToArray();
        var scorer = new EntityContextScorer(new EntityContextOptions { Mode = mode, NNeighbors = 3, MinEntitySamples = 5 });
        scorer.Fit(x, entities);
        string good = Path.Combine(_dir, "entity.json"), bad = Path.Combine(_dir, "entity-bad.json");
        scorer.Save(good);
        var text = File.ReadAllText(good);
        var probe = FeatureMatrix.Wrap([0f, 0f, 3e38f, -3e38f, 1f, 2f], 2);
        string?[] probeEntities = ["e0", "e1", "new"];
        int loaded = 0, rejected = 0, edits = 0;
        foreach (var edited in Edits((JsonObject)JsonNode.Parse(text)!, seed: 5).Select(Reseal)
            .Concat([text[..(text.Length / 2)], text.Replace("\"e0\"", "\"e9\"")]))
        {
            edits++;
            File.WriteAllText(bad, edited);
            var clock = Stopwatch.StartNew();
            try
            {
                var again = EntityContextScorer.Load(bad);
                loaded++;
                again.Score(probe, probeEntities).Should().OnlyContain(v => !double.IsNaN(v));
            }
            catch (InvalidDataException e)
            {
                rejected++;
                e.Message.Should().Contain(bad);
            }
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        }
        rejected.Should().BeGreaterThan(edits / 4);
        loaded.Should().BeGreaterThan(0, "edits of values that stay consistent load");
    }
}
