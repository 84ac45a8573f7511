using System.Buffers.Binary;
using System.Security.Cryptography;
using ResNetTab.Anomaly.Neighbors;

namespace ResNetTab.Anomaly.Tests;

/// <summary>
/// Hostile HNSW index and embedding store files: truncations, byte flips, and structurally edited fields whose
/// checksum was recomputed. Loading must end in <see cref="InvalidDataException"/> or in an object whose queries
/// work — never another exception type, a crash or a hang.
/// </summary>
public sealed class FileFormatFuzzTests : IDisposable
{
    private static readonly int[] Interesting = [-1, 0, 1, 2, 3, 7, 30, 31, 64, 255, 1000, 65536, int.MaxValue, int.MinValue, 100_000_000];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "resnettab-fuzz-" + Guid.NewGuid().ToString("N"));

    public FileFormatFuzzTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Recomputes the trailing SHA-256 of an edited file, so only structural validation can catch the edit.</summary>
    internal static byte[] Reseal(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        SHA256.HashData(copy.AsSpan(0, copy.Length - 32)).CopyTo(copy, copy.Length - 32);
        return copy;
    }

    private static IEnumerable<int> Truncations(int length)
    {
        foreach (int n in new[] { 0, 1, 7, 8, 12, 50, 127, 128, 129, 159, 160, length - 33, length - 32, length - 1 })
            if (n >= 0 && n < length) yield return n;
        for (int n = 0; n < length; n += Math.Max(1, length / 40)) yield return n;
    }

    /// <summary>Edits at every header field and at random 4-byte positions of the body, each with an interesting value.</summary>
    private static IEnumerable<(int At, int Value)> Edits(int length, int[] fields, int seed, int random)
    {
        foreach (int at in fields)
            foreach (int v in Interesting)
                yield return (at, v);
        var rng = new Random(seed);
        for (int i = 0; i < random; i++)
            yield return (8 + rng.Next(length - 32 - 12), Interesting[rng.Next(Interesting.Length)]);
    }

    private static (HnswIndex Index, FeatureMatrix Data) SmallIndex()
    {
        var data = HnswIndexTests.Clusters(200, 6, seed: 4, clusters: 5);
        var index = new HnswIndex(6, new HnswOptions { M = 4, EfConstruction = 16, NJobs = 1, Seed = 3 });
        index.Add(data);
        return (index, data);
    }

    private void ExpectOnlyInvalidData(string path, byte[] content, Action<string> load)
    {
        File.WriteAllBytes(path, content);
        try
        {
            load(path);
        }
        catch (InvalidDataException e)
        {
            e.Message.Should().Contain(path, "the error names the file");
        }
    }

    [Fact]
    public void Hnsw_files_fail_only_with_InvalidDataException()
    {
        var (index, data) = SmallIndex();
        using var _ = index;
        string good = Path.Combine(_dir, "good.hnsw"), bad = Path.Combine(_dir, "bad.hnsw");
        index.Save(good);
        var bytes = File.ReadAllBytes(good);
        var queries = FeatureMatrix.Wrap(data.Values[..(20 * 6)].ToArray(), 6);
        int loaded = 0, rejected = 0;
        void Load(string path, bool verify, bool map)
        {
            using var again = HnswIndex.Load(path, memoryMap: map, verifyChecksum: verify, nJobs: 1);
            loaded++;
            if (again.Count == 0) return;
            again.SearchBatch(queries, Math.Min(5, again.Count), 16);
            again.Search(data.Row(3), 3);
            if (!again.IsMemoryMapped) again.Add(data.Row(7), 6);
        }
        void Try(byte[] content, bool verify, bool map)
        {
            int before = loaded;
            ExpectOnlyInvalidData(bad, content, p => Load(p, verify, map));
            if (loaded == before) rejected++;
        }

        foreach (int n in Truncations(bytes.Length))
        {
            Try(bytes[..n], verify: true, map: false);
            Try(bytes[..n], verify: false, map: true);
        }
        var rng = new Random(11);
        for (int i = 0; i < 150; i++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[rng.Next(flipped.Length)] ^= (byte)(1 << rng.Next(8));
            int before = rejected;
            Try(flipped, verify: true, map: false);
            rejected.Should().Be(before + 1, "the checksum catches every flip");
            Try(flipped, verify: false, map: i % 2 == 0);
        }
        int[] header = [8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 56, 60, 64, 72, 80];
        int levels = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(64));
        int stride = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(44));
        // Link counts and first links of layer-0 records, node layers, the upper links.
        int[] body = [128 + 24, 128 + 28, 128 + (5 * stride) + 24, 128 + (5 * stride) + 32, levels, levels + 4, levels + (4 * 199), levels + 800, levels + 804];
        foreach (var (at, value) in Edits(bytes.Length, [.. header, .. body], seed: 12, random: 400))
        {
            var edited = (byte[])bytes.Clone();
            BinaryPrimitives.WriteInt32LittleEndian(edited.AsSpan(at), value);
            Try(Reseal(edited), verify: true, map: at % 8 == 0);
        }
        rejected.Should().BeGreaterThan(300);
        loaded.Should().BeGreaterThan(0, "edits inside vectors leave a usable index");
    }

    [Fact]
    public void Embedding_store_files_fail_only_with_InvalidDataException()
    {
        var data = HnswIndexTests.Clusters(150, 5, seed: 6, clusters: 4);
        using var store = new EmbeddingStore(5, new HnswOptions { M = 4, EfConstruction = 16, NJobs = 2 });
        for (int i = 0; i < data.Rows; i++)
        {
            store.Append(data.Row(i), new EventLocation(i % 3 == 0 ? "a.jsonl" : "b.jsonl", i * 10),
                new Dictionary<string, string> { ["user"] = "u" + (i % 7), ["host"] = "h" + (i % 3) }, DateTimeOffset.UnixEpoch.AddMinutes(i));
        }
        string good = Path.Combine(_dir, "good.store"), bad = Path.Combine(_dir, "bad.store");
        store.Save(good);
        var bytes = File.ReadAllBytes(good);
        int loaded = 0;
        void Load(string path)
        {
            using var again = EmbeddingStore.Load(path);
            loaded++;
            if (again.Count == 0) return;
            again.Nearest(data.Row(1).ToArray(), 5);
            again.NearestOf(again.Count - 1, 3);
            foreach (var kind in again.EntityKinds) again.NearestOf(0, 2, kind, historyOnly: true);
            again.Event(again.Count / 2);
        }

        foreach (int n in Truncations(bytes.Length)) ExpectOnlyInvalidData(bad, bytes[..n], Load);
        var rng = new Random(21);
        for (int i = 0; i < 100; i++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[rng.Next(flipped.Length)] ^= (byte)(1 << rng.Next(8));
            File.WriteAllBytes(bad, flipped);
            FluentActions.Invoking(() => EmbeddingStore.Load(bad)).Should().Throw<InvalidDataException>().WithMessage("*checksum*");
        }
        // Header fields (version, dimension, count, index options, NJobs), then random positions.
        int[] header = [8, 12, 16, 21, 25, 29, 33, 37, 45];
        foreach (var (at, value) in Edits(bytes.Length, header, seed: 22, random: 500))
        {
            var edited = (byte[])bytes.Clone();
            BinaryPrimitives.WriteInt32LittleEndian(edited.AsSpan(at), value);
            ExpectOnlyInvalidData(bad, Reseal(edited), Load);
        }
        loaded.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Reloading_an_indexed_store_gives_the_same_answers_every_time()
    {
        var data = HnswIndexTests.Clusters(3000, 8, seed: 8);
        using var store = new EmbeddingStore(8, new HnswOptions { M = 6, EfConstruction = 32, Ef = 10, NJobs = 4 });
        store.AppendRange(data, Enumerable.Range(0, data.Rows).Select(i => new EventLocation("s", i)).ToArray(),
            new IReadOnlyDictionary<string, string>?[data.Rows], Enumerable.Repeat(DateTimeOffset.UnixEpoch, data.Rows).ToArray());
        string path = Path.Combine(_dir, "s.store");
        store.Save(path);
        var expected = Enumerable.Range(0, 200).Select(i => store.NearestOf(i * 13, 10)).ToArray();
        for (int round = 0; round < 4; round++)
        {
            using var again = EmbeddingStore.Load(path);
            again.IndexOptions.Should().Be(store.IndexOptions);
            for (int i = 0; i < 200; i++) again.NearestOf(i * 13, 10).Should().Equal(expected[i], "the saved graph is loaded, not rebuilt");
        }
    }
}
