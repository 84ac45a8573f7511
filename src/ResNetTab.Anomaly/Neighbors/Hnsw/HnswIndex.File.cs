using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using ResNetTab.Core.IO;

namespace ResNetTab.Anomaly.Neighbors;

public sealed unsafe partial class HnswIndex
{
    /// <summary>Version of the file layout written by <see cref="Save"/>.</summary>
    public const int FileVersion = 1;

    private const int HeaderBytes = 128;
    private const int ChecksumBytes = 32;
    private const int MaxLevelLimit = 30;
    private static readonly byte[] Magic = "RNTHNSW\0"u8.ToArray();

    /// <summary>
    /// Writes the index to <paramref name="path"/> atomically: a 128-byte header (magic, version, parameters,
    /// section offsets), the layer-0 node records exactly as in memory, the node layers, the upper-layer links, and
    /// a SHA-256 of everything before it.
    /// </summary>
    /// <param name="path">Destination file.</param>
    /// <exception cref="ObjectDisposedException">The index was disposed.</exception>
    public void Save(string path) => AtomicFile.Write(path, WriteTo);

    /// <summary>Writes the file layout of <see cref="Save"/> to <paramref name="stream"/> (also used inside an embedding store file).</summary>
    internal void WriteTo(Stream stream)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("HNSW files are little-endian.");
        using var use = _gate.Read();
        long level0 = (long)_count * _store.Stride;
        long levelsOffset = HeaderBytes + level0;
        long upperOffset = levelsOffset + ((long)_count * sizeof(int));
        long upperInts = 0;
        for (int i = 0; i < _count; i++) upperInts += _levels[i] * (M + 1);
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header, 0);
        var h = header.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(h[8..], FileVersion);
        BinaryPrimitives.WriteInt32LittleEndian(h[12..], Dimension);
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], (int)Options.Metric);
        BinaryPrimitives.WriteInt32LittleEndian(h[20..], Options.M);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], Options.EfConstruction);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], Options.Ef);
        BinaryPrimitives.WriteInt32LittleEndian(h[32..], _count);
        BinaryPrimitives.WriteInt32LittleEndian(h[36..], _entryPoint);
        BinaryPrimitives.WriteInt32LittleEndian(h[40..], _maxLevel);
        BinaryPrimitives.WriteInt32LittleEndian(h[44..], _store.Stride);
        BinaryPrimitives.WriteUInt64LittleEndian(h[48..], Options.Seed);
        BinaryPrimitives.WriteInt64LittleEndian(h[56..], HeaderBytes);
        BinaryPrimitives.WriteInt64LittleEndian(h[64..], levelsOffset);
        BinaryPrimitives.WriteInt64LittleEndian(h[72..], upperOffset);
        BinaryPrimitives.WriteInt64LittleEndian(h[80..], upperInts);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Put(ReadOnlySpan<byte> bytes)
        {
            hash.AppendData(bytes);
            stream.Write(bytes);
        }
        Put(header);
        for (long done = 0; done < level0;)
        {
            int chunk = (int)Math.Min(1 << 24, level0 - done);
            Put(new ReadOnlySpan<byte>(_store.Base + done, chunk));
            done += chunk;
        }
        Put(MemoryMarshal.AsBytes(_levels.AsSpan(0, _count)));
        for (int i = 0; i < _count; i++)
            if (_levels[i] > 0) Put(MemoryMarshal.AsBytes(_upper[i].AsSpan()));
        stream.Write(hash.GetHashAndReset());
    }

    /// <summary>Opens an index written by <see cref="Save"/>.</summary>
    /// <param name="path">File to read.</param>
    /// <param name="memoryMap">Serve the layer-0 records (vectors and links) from the mapped file instead of reading them; the index is copied into memory the first time vectors are added.</param>
    /// <param name="verifyChecksum">Check the SHA-256 (reads the whole file once); default true.</param>
    /// <param name="nJobs">Threads for later insertion and batch queries (−1 = all processors).</param>
    /// <exception cref="InvalidDataException">
    /// Not an HNSW file, an unknown version, a truncated file, a checksum mismatch, or a field out of range (sizes,
    /// link ids, layers, entry point): the message names the file and the field. Every field is checked before
    /// anything is allocated from it, with or without the checksum.
    /// </exception>
    public static HnswIndex Load(string path, bool memoryMap = false, bool verifyChecksum = true, int nJobs = -1)
    {
        var full = Path.GetFullPath(path);
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, stream.Length, path, memoryMap ? full : null, verifyChecksum, nJobs);
    }

    /// <summary>
    /// Reads an index from <paramref name="stream"/> (position 0 = the magic bytes, <paramref name="length"/> bytes
    /// long); <paramref name="mapPath"/>, when set, is the file the stream reads, whose layer-0 records are mapped.
    /// </summary>
    internal static HnswIndex Read(Stream stream, long length, string name, string? mapPath, bool verifyChecksum, int nJobs)
    {
        if (length < HeaderBytes + ChecksumBytes) throw Bad(name, "length", $"{length} bytes is too short to be an HNSW index file");
        var header = new byte[HeaderBytes];
        stream.Position = 0;
        stream.ReadExactly(header);
        if (!header.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidDataException($"'{name}' is not an HNSW index file (bad magic bytes).");
        if (verifyChecksum) VerifyChecksum(stream, length, name);
        var h = header.AsSpan();
        int version = BinaryPrimitives.ReadInt32LittleEndian(h[8..]);
        if (version != FileVersion)
            throw new InvalidDataException($"'{name}' has HNSW file version {version}; this library reads version {FileVersion}.");
        int dimension = BinaryPrimitives.ReadInt32LittleEndian(h[12..]);
        int metric = BinaryPrimitives.ReadInt32LittleEndian(h[16..]);
        int m = BinaryPrimitives.ReadInt32LittleEndian(h[20..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(h[32..]);
        int entry = BinaryPrimitives.ReadInt32LittleEndian(h[36..]);
        int maxLevel = BinaryPrimitives.ReadInt32LittleEndian(h[40..]);
        int stride = BinaryPrimitives.ReadInt32LittleEndian(h[44..]);
        long level0Offset = BinaryPrimitives.ReadInt64LittleEndian(h[56..]);
        long levelsOffset = BinaryPrimitives.ReadInt64LittleEndian(h[64..]);
        long upperOffset = BinaryPrimitives.ReadInt64LittleEndian(h[72..]);
        long upperInts = BinaryPrimitives.ReadInt64LittleEndian(h[80..]);
        Check(dimension is >= 1 and <= MaxDimension, name, "dimension", $"{dimension} is outside 1 … {MaxDimension}");
        Check(Enum.IsDefined((VectorMetric)metric), name, "metric", $"{metric} is not a known metric");
        Check(m is >= 2 and <= HnswOptions.MaxM, name, "M", $"{m} is outside 2 … {HnswOptions.MaxM}");
        HnswOptions options;
        try
        {
            options = new HnswOptions
            {
                Metric = (VectorMetric)metric,
                M = m,
                EfConstruction = BinaryPrimitives.ReadInt32LittleEndian(h[24..]),
                Ef = BinaryPrimitives.ReadInt32LittleEndian(h[28..]),
                Seed = BinaryPrimitives.ReadUInt64LittleEndian(h[48..]),
                NJobs = nJobs,
            };
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw Bad(name, e.ParamName ?? "options", e.Message);
        }
        // Sizes against the file's own length, before anything is allocated from them.
        long expectedStride = (((long)dimension * sizeof(float)) + ((1L + (2L * m)) * sizeof(int)) + 63) / 64 * 64;
        Check(stride == expectedStride, name, "record stride", $"{stride} does not match dimension {dimension} and M {m} ({expectedStride})");
        Check(count >= 0, name, "count", $"{count} is negative");
        Check(level0Offset == HeaderBytes, name, "layer-0 offset", $"{level0Offset} is not {HeaderBytes}");
        Check((long)count * stride <= length - HeaderBytes - ChecksumBytes, name, "count",
            $"{count} records of {stride} bytes do not fit in a file of {length} bytes (truncated?)");
        Check(levelsOffset == level0Offset + ((long)count * stride), name, "layers offset", $"{levelsOffset} does not follow the {count} records");
        Check(upperOffset == levelsOffset + ((long)count * sizeof(int)), name, "upper-links offset", $"{upperOffset} does not follow the layers");
        Check(upperInts >= 0 && upperInts <= length / sizeof(int) && upperOffset + (upperInts * sizeof(int)) + ChecksumBytes == length,
            name, "length", $"{length} bytes does not match the sections the header describes (a truncated or extended file)");
        if (count > 0)
        {
            Check(entry >= 0 && entry < count, name, "entry point", $"{entry} is outside 0 … {count - 1}");
            Check(maxLevel is >= 0 and <= MaxLevelLimit, name, "top layer", $"{maxLevel} is outside 0 … {MaxLevelLimit}");
        }
        else
        {
            Check(entry == -1 && maxLevel == -1, name, "entry point", "an empty index has no entry point");
        }
        var index = new HnswIndex(dimension, options);
        try
        {
            index.ReadBody(stream, name, mapPath, count, level0Offset, levelsOffset, upperInts);
            if (count > 0)
            {
                Check(index._levels[entry] == maxLevel, name, "top layer",
                    $"{maxLevel} is not the layer of the entry point {entry} ({index._levels[entry]})");
            }
            index._entryPoint = count > 0 ? entry : -1;
            index._maxLevel = count > 0 ? maxLevel : -1;
            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    private void ReadBody(Stream stream, string name, string? mapPath, int count, long level0Offset, long levelsOffset, long upperInts)
    {
        if (mapPath is not null && count > 0)
        {
            _store.Map(mapPath, level0Offset, count);
        }
        else
        {
            _store.EnsureCapacity(count, 0);
            stream.Position = level0Offset;
            long total = (long)count * _store.Stride;
            for (long done = 0; done < total;)
            {
                int chunk = (int)Math.Min(1 << 24, total - done);
                stream.ReadExactly(new Span<byte>(_store.Base + done, chunk));
                done += chunk;
            }
        }
        int capacity = (int)Math.Max(count, _store.Capacity);
        _levels = new int[capacity];
        _upper = new int[]?[capacity];
        stream.Position = levelsOffset;
        stream.ReadExactly(MemoryMarshal.AsBytes(_levels.AsSpan(0, count)));
        long expected = 0;
        int top = -1;
        for (int i = 0; i < count; i++)
        {
            int level = _levels[i];
            Check(level is >= 0 and <= MaxLevelLimit, name, "node layer", $"node {i} has layer {level}, outside 0 … {MaxLevelLimit}");
            expected += level * (M + 1);
            top = Math.Max(top, level);
        }
        Check(expected == upperInts, name, "upper-link count", $"{upperInts} does not match the node layers ({expected})");
        for (int i = 0; i < count; i++)
        {
            CheckNode(name, i, count);
            int level = _levels[i];
            if (level == 0) continue;
            var links = GC.AllocateArray<int>(level * (M + 1), pinned: true);
            stream.ReadExactly(MemoryMarshal.AsBytes(links.AsSpan()));
            _upper[i] = links;
        }
        for (int i = 0; i < count; i++)
        {
            for (int l = 1; l <= _levels[i]; l++)
                CheckLinks(name, i, l, new ReadOnlySpan<int>(LinksOf(i, l), M + 1), M, count);
        }
        _count = count;
    }

    /// <summary>Layer-0 record of node <paramref name="id"/>: finite vector, link count and link ids in range.</summary>
    private void CheckNode(string name, int id, int count)
    {
        var vector = new ReadOnlySpan<float>(_store.Vector(id), Dimension);
        foreach (float v in vector)
            Check(float.IsFinite(v), name, "vector", $"node {id} holds a non-finite value");
        CheckLinks(name, id, 0, new ReadOnlySpan<int>(_store.Links0(id), M0 + 1), M0, count);
    }

    private void CheckLinks(string name, int id, int level, ReadOnlySpan<int> links, int max, int count)
    {
        int n = links[0];
        Check(n >= 0 && n <= max, name, "link count", $"node {id} has {n} links on layer {level}, outside 0 … {max}");
        for (int i = 1; i <= n; i++)
        {
            int other = links[i];
            Check(other >= 0 && other < count, name, "link", $"node {id} links to {other} on layer {level}, outside 0 … {count - 1}");
            Check(_levels[other] >= level, name, "link", $"node {id} links to {other} on layer {level}, above that node's layer {_levels[other]}");
        }
    }

    private static void Check(bool condition, string name, string field, string detail)
    {
        if (!condition) throw Bad(name, field, detail);
    }

    private static InvalidDataException Bad(string name, string field, string detail) =>
        new($"'{name}' is not a valid HNSW index file: field '{field}': {detail}.");

    private static void VerifyChecksum(Stream stream, long length, string name)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        stream.Position = 0;
        long remaining = length - ChecksumBytes;
        while (remaining > 0)
        {
            int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (n <= 0) throw new InvalidDataException($"'{name}' is truncated.");
            hash.AppendData(buffer, 0, n);
            remaining -= n;
        }
        var stored = new byte[ChecksumBytes];
        stream.ReadExactly(stored);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored))
            throw new InvalidDataException($"'{name}' fails its SHA-256 checksum: the HNSW index file is damaged.");
    }
}
