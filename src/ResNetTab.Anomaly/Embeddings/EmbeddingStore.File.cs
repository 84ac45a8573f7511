using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using ResNetTab.Core.IO;

namespace ResNetTab.Anomaly.Neighbors;

public sealed partial class EmbeddingStore
{
    /// <summary>Version of the file layout written by <see cref="Save"/>.</summary>
    public const int FileVersion = 2;

    private static readonly byte[] Magic = "RNTEMBS\0"u8.ToArray();

    /// <summary>
    /// Writes the store atomically: magic, version, dimension, count, the index parameters, the embeddings, times,
    /// locations and entity keys, the store-wide index graph (HNSW file layout) when there is one, then a SHA-256 of
    /// all of it. Saving the graph rather than rebuilding it makes a loaded store answer exactly as the saved one.
    /// </summary>
    /// <param name="path">Destination file.</param>
    /// <exception cref="ObjectDisposedException">The store was disposed.</exception>
    public void Save(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
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
                w.Write(o.NJobs);
            }
            w.Write(MemoryMarshal.AsBytes(_vectors.AsSpan(0, Count * Dimension)));
            w.Write(MemoryMarshal.AsBytes(_ticks.AsSpan(0, Count)));
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
            if (_index is not null)
            {
                w.Flush();
                long lengthAt = body.Position;
                w.Write(0L);
                _index.WriteTo(body);
                long end = body.Position;
                body.Position = lengthAt;
                w.Write(end - lengthAt - sizeof(long));
                w.Flush();
                body.Position = end;
            }
        }
        var hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        AtomicFile.Write(path, stream =>
        {
            stream.Write(body.GetBuffer(), 0, (int)body.Length);
            stream.Write(hash);
        });
    }

    /// <summary>Reads a store written by <see cref="Save"/>, its store-wide index included.</summary>
    /// <param name="path">File to read.</param>
    /// <exception cref="InvalidDataException">
    /// Not an embedding store, an unknown version, a damaged file, or a field out of range (sizes, ids, index
    /// parameters); the message names the file and the field. Sizes are checked against the file's length before
    /// anything is allocated from them.
    /// </exception>
    public static EmbeddingStore Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not an embedding store file.");
        int bodyLength = bytes.Length - 32;
        if (!SHA256.HashData(bytes.AsSpan(0, bodyLength)).AsSpan().SequenceEqual(bytes.AsSpan(bodyLength)))
            throw new InvalidDataException($"'{path}' fails its SHA-256 checksum: the embedding store file is damaged.");
        EmbeddingStore? store = null;
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes, 0, bodyLength), Encoding.UTF8);
            long Left() => bodyLength - r.BaseStream.Position;
            r.ReadBytes(Magic.Length);
            int version = r.ReadInt32();
            if (version is not (1 or FileVersion))
                throw new InvalidDataException($"'{path}' has embedding store version {version}; this library reads versions 1 and {FileVersion}.");
            int dimension = r.ReadInt32(), count = r.ReadInt32();
            Check(dimension is >= 1 and <= HnswIndex.MaxDimension, path, "dimension", $"{dimension} is outside 1 … {HnswIndex.MaxDimension}");
            Check(count >= 0, path, "count", $"{count} is negative");
            HnswOptions? options = null;
            if (r.ReadBoolean())
            {
                // Version 1 did not store NJobs: its index is rebuilt on one thread, which is deterministic.
                options = new HnswOptions
                {
                    M = r.ReadInt32(), EfConstruction = r.ReadInt32(), Ef = r.ReadInt32(), Metric = (VectorMetric)r.ReadInt32(),
                    Seed = r.ReadUInt64(), NJobs = version == 1 ? 1 : r.ReadInt32(),
                };
                try
                {
                    options.Validate();
                }
                catch (ArgumentOutOfRangeException e)
                {
                    throw Bad(path, e.ParamName ?? "index options", e.Message);
                }
            }
            // Every event needs its vector, time and at least 16 bytes of location and entity count.
            Check((long)count * ((dimension * (long)sizeof(float)) + sizeof(long) + 16) <= Left(), path, "count",
                $"{count} events of dimension {dimension} do not fit in a file of {bytes.Length} bytes");
            var vectors = new float[count * dimension];
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(vectors.AsSpan()));
            foreach (float v in vectors) Check(float.IsFinite(v), path, "embeddings", "a value is not finite");
            var ticks = new long[count];
            r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(ticks.AsSpan()));
            foreach (long t in ticks)
                Check(t >= DateTimeOffset.MinValue.UtcTicks && t <= DateTimeOffset.MaxValue.UtcTicks, path, "times", $"{t} ticks is not a time");
            var kinds = ReadStrings(r, path, "entity kinds", Left);
            var keys = ReadStrings(r, path, "entity keys", Left);
            var sources = ReadStrings(r, path, "sources", Left);
            var locations = new EventLocation[count];
            var entities = new IReadOnlyDictionary<string, string>?[count];
            for (int i = 0; i < count; i++)
            {
                int source = r.ReadInt32();
                Check(source >= 0 && source < sources.Count, path, "source", $"event {i} names source {source} of {sources.Count}");
                locations[i] = new EventLocation(sources[source], r.ReadInt64());
                int n = r.ReadInt32();
                Check(n >= 0 && n <= kinds.Count, path, "entity count", $"event {i} has {n} entities, {kinds.Count} kinds exist");
                var map = new Dictionary<string, string>(n, StringComparer.Ordinal);
                for (int j = 0; j < n; j++)
                {
                    int kind = r.ReadInt32(), key = r.ReadInt32();
                    Check(kind >= 0 && kind < kinds.Count, path, "entity kind", $"event {i} names kind {kind} of {kinds.Count}");
                    Check(key >= 0 && key < keys.Count, path, "entity key", $"event {i} names key {key} of {keys.Count}");
                    Check(map.TryAdd(kinds[kind], keys[key]), path, "entity kind", $"event {i} names kind {kind} twice");
                }
                entities[i] = map;
            }
            HnswIndex? index = null;
            if (options is not null && version >= 2)
            {
                long indexLength = r.ReadInt64();
                Check(indexLength >= 0 && indexLength == Left(), path, "index length", $"{indexLength} does not match the {Left()} bytes left");
                int at = (int)r.BaseStream.Position;
                using var section = new MemoryStream(bytes, at, (int)indexLength, writable: false);
                index = HnswIndex.Read(section, indexLength, path, mapPath: null, verifyChecksum: false, options.NJobs);
                if (index.Count != count || index.Dimension != dimension || index.Options != options)
                {
                    index.Dispose();
                    throw Bad(path, "index", $"the index ({index.Count} vectors, dimension {index.Dimension}) does not match the store ({count}, {dimension}) or its parameters");
                }
                r.BaseStream.Position = bodyLength;
            }
            Check(Left() == 0, path, "length", $"{Left()} bytes follow the last field");
            store = new EmbeddingStore(dimension, version == 1 ? options : null);
            if (count > 0)
            {
                store.AppendRange(FeatureMatrix.Wrap(vectors, dimension), locations, entities,
                    ticks.Select(t => new DateTimeOffset(t, TimeSpan.Zero)).ToArray());
            }
            if (index is not null)
            {
                store._index = index;
                store.IndexOptions = options;
            }
            return store;
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or FormatException)
        {
            store?.Dispose();
            throw new InvalidDataException($"'{path}' is not a consistent embedding store file: {e.Message}", e);
        }
    }

    private static void Check(bool condition, string path, string field, string detail)
    {
        if (!condition) throw Bad(path, field, detail);
    }

    private static InvalidDataException Bad(string path, string field, string detail) =>
        new($"'{path}' is not a valid embedding store file: field '{field}': {detail}.");

    private static void WriteStrings(BinaryWriter w, List<string> strings)
    {
        w.Write(strings.Count);
        foreach (var s in strings) w.Write(s);
    }

    private static List<string> ReadStrings(BinaryReader r, string path, string field, Func<long> left)
    {
        int n = r.ReadInt32();
        // Each string takes at least its one-byte length prefix.
        Check(n >= 0 && n <= left(), path, field, $"{n} strings do not fit in the {left()} bytes left");
        var list = new List<string>(n);
        for (int i = 0; i < n; i++) list.Add(r.ReadString());
        return list;
    }
}
