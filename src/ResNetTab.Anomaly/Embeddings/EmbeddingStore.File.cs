using System.Security.Cryptography;
using System.Text;
using ResNetTab.Core.IO;

namespace ResNetTab.Anomaly.Neighbors;

public sealed partial class EmbeddingStore
{
    /// <summary>Version of the file layout written by <see cref="Save"/>.</summary>
    public const int FileVersion = 1;

    private static readonly byte[] Magic = "RNTEMBS\0"u8.ToArray();

    /// <summary>
    /// Writes the store atomically: magic, version, dimension, count, the embeddings, times, locations and entity
    /// keys, then a SHA-256 of all of it. The store-wide index is not written; <see cref="Load"/> rebuilds it.
    /// </summary>
    /// <param name="path">Destination file.</param>
    public void Save(string path)
    {
        using var body = new MemoryStream();
        using (var w = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FileVersion);
            w.Write(Dimension);
            w.Write(Count);
            w.Write(IndexOptions is not null);
            if (IndexOptions is { } o)
            {
                w.Write(o.M);
                w.Write(o.EfConstruction);
                w.Write(o.Ef);
                w.Write((int)o.Metric);
                w.Write(o.Seed);
            }
            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_vectors.AsSpan(0, Count * Dimension)));
            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_ticks.AsSpan(0, Count)));
            WriteStrings(w, _kinds);
            WriteStrings(w, _keyNames);
            var sources = new Dictionary<string, int>(StringComparer.Ordinal);
            var sourceList = new List<string>();
            var sourceIds = new int[Count];
            for (int i = 0; i < Count; i++)
            {
                if (!sources.TryGetValue(_locations[i].Source, out int s))
                {
                    s = sourceList.Count;
                    sourceList.Add(_locations[i].Source);
                    sources[_locations[i].Source] = s;
                }
                sourceIds[i] = s;
            }
            WriteStrings(w, sourceList);
            for (int i = 0; i < Count; i++)
            {
                w.Write(sourceIds[i]);
                w.Write(_locations[i].Offset);
                w.Write(_entities[i].Length);
                foreach (var (kind, key) in _entities[i])
                {
                    w.Write(kind);
                    w.Write(key);
                }
            }
        }
        var hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        AtomicFile.Write(path, stream =>
        {
            stream.Write(body.GetBuffer(), 0, (int)body.Length);
            stream.Write(hash);
        });
    }

    /// <summary>Reads a store written by <see cref="Save"/> (and rebuilds its store-wide index, if it had one).</summary>
    /// <param name="path">File to read.</param>
    /// <exception cref="InvalidDataException">Not an embedding store, an unknown version, or a damaged file.</exception>
    public static EmbeddingStore Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not an embedding store file.");
        var body = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw new InvalidDataException($"'{path}' fails its SHA-256 checksum: the embedding store file is damaged.");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, body.Length), Encoding.UTF8);
            r.ReadBytes(Magic.Length);
            int version = r.ReadInt32();
            if (version != FileVersion)
                throw new InvalidDataException($"'{path}' has embedding store version {version}; this library reads version {FileVersion}.");
            int dimension = r.ReadInt32(), count = r.ReadInt32();
            HnswOptions? options = r.ReadBoolean()
                ? new HnswOptions { M = r.ReadInt32(), EfConstruction = r.ReadInt32(), Ef = r.ReadInt32(), Metric = (VectorMetric)r.ReadInt32(), Seed = r.ReadUInt64() }
                : null;
            var vectors = new float[count * dimension];
            r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vectors.AsSpan()));
            var ticks = new long[count];
            r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(ticks.AsSpan()));
            var kinds = ReadStrings(r);
            var keys = ReadStrings(r);
            var sources = ReadStrings(r);
            var store = new EmbeddingStore(dimension, options);
            var locations = new EventLocation[count];
            var entities = new IReadOnlyDictionary<string, string>?[count];
            for (int i = 0; i < count; i++)
            {
                locations[i] = new EventLocation(sources[r.ReadInt32()], r.ReadInt64());
                int n = r.ReadInt32();
                var map = new Dictionary<string, string>(n, StringComparer.Ordinal);
                for (int j = 0; j < n; j++) map[kinds[r.ReadInt32()]] = keys[r.ReadInt32()];
                entities[i] = map;
            }
            if (count > 0)
            {
                store.AppendRange(FeatureMatrix.Wrap(vectors, dimension), locations, entities,
                    ticks.Select(t => new DateTimeOffset(t, TimeSpan.Zero)).ToArray());
            }
            return store;
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"'{path}' is not a consistent embedding store file: {e.Message}", e);
        }
    }

    private static void WriteStrings(BinaryWriter w, List<string> strings)
    {
        w.Write(strings.Count);
        foreach (var s in strings) w.Write(s);
    }

    private static List<string> ReadStrings(BinaryReader r)
    {
        int n = r.ReadInt32();
        var list = new List<string>(n);
        for (int i = 0; i < n; i++) list.Add(r.ReadString());
        return list;
    }
}
