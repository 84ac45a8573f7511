using System.Buffers.Binary;
using System.Security.Cryptography;
using ResNetTab.Core.IO;

namespace ResNetTab.Anomaly.Neighbors;

public sealed unsafe partial class HnswIndex
{
    /// <summary>Version of the file layout written by <see cref="Save"/>.</summary>
    public const int FileVersion = 1;

    private const int HeaderBytes = 128;
    private const int ChecksumBytes = 32;
    private static readonly byte[] Magic = "RNTHNSW\0"u8.ToArray();

    /// <summary>
    /// Writes the index to <paramref name="path"/> atomically: a 128-byte header (magic, version, parameters,
    /// section offsets), the layer-0 node records exactly as in memory, the node layers, the upper-layer links, and
    /// a SHA-256 of everything before it.
    /// </summary>
    /// <param name="path">Destination file.</param>
    public void Save(string path)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("HNSW files are little-endian.");
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
        AtomicFile.Write(path, stream =>
        {
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
            Put(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_levels.AsSpan(0, _count)));
            for (int i = 0; i < _count; i++)
                if (_levels[i] > 0) Put(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_upper[i].AsSpan()));
            stream.Write(hash.GetHashAndReset());
        });
    }

    /// <summary>Opens an index written by <see cref="Save"/>.</summary>
    /// <param name="path">File to read.</param>
    /// <param name="memoryMap">Serve the layer-0 records (vectors and links) from the mapped file instead of reading them; the index is copied into memory the first time vectors are added.</param>
    /// <param name="verifyChecksum">Check the SHA-256 (reads the whole file once); default true.</param>
    /// <param name="nJobs">Threads for later insertion and batch queries (−1 = all processors).</param>
    /// <exception cref="InvalidDataException">Not an HNSW file, an unknown version, a truncated file or a checksum mismatch.</exception>
    public static HnswIndex Load(string path, bool memoryMap = false, bool verifyChecksum = true, int nJobs = -1)
    {
        var full = Path.GetFullPath(path);
        long length = new FileInfo(full).Length;
        var header = new byte[HeaderBytes];
        using (var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            if (length < HeaderBytes + ChecksumBytes || stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes)
                throw new InvalidDataException($"'{path}' is too short to be an HNSW index file.");
            if (!header.AsSpan(0, 8).SequenceEqual(Magic))
                throw new InvalidDataException($"'{path}' is not an HNSW index file (bad magic bytes).");
            int version = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
            if (version != FileVersion)
                throw new InvalidDataException($"'{path}' has HNSW file version {version}; this library reads version {FileVersion}.");
            if (verifyChecksum) VerifyChecksum(stream, length, path);
        }
        var h = header.AsSpan();
        int dimension = BinaryPrimitives.ReadInt32LittleEndian(h[12..]);
        var options = new HnswOptions
        {
            Metric = (VectorMetric)BinaryPrimitives.ReadInt32LittleEndian(h[16..]),
            M = BinaryPrimitives.ReadInt32LittleEndian(h[20..]),
            EfConstruction = BinaryPrimitives.ReadInt32LittleEndian(h[24..]),
            Ef = BinaryPrimitives.ReadInt32LittleEndian(h[28..]),
            Seed = BinaryPrimitives.ReadUInt64LittleEndian(h[48..]),
            NJobs = nJobs,
        };
        int count = BinaryPrimitives.ReadInt32LittleEndian(h[32..]);
        int entry = BinaryPrimitives.ReadInt32LittleEndian(h[36..]);
        int maxLevel = BinaryPrimitives.ReadInt32LittleEndian(h[40..]);
        int stride = BinaryPrimitives.ReadInt32LittleEndian(h[44..]);
        long level0Offset = BinaryPrimitives.ReadInt64LittleEndian(h[56..]);
        long levelsOffset = BinaryPrimitives.ReadInt64LittleEndian(h[64..]);
        long upperOffset = BinaryPrimitives.ReadInt64LittleEndian(h[72..]);
        long upperInts = BinaryPrimitives.ReadInt64LittleEndian(h[80..]);
        HnswIndex index;
        try
        {
            index = new HnswIndex(dimension, options);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}' holds invalid HNSW parameters: {e.Message}", e);
        }
        if (count < 0 || stride != index._store.Stride || level0Offset != HeaderBytes
            || levelsOffset != level0Offset + ((long)count * stride) || upperOffset != levelsOffset + ((long)count * sizeof(int))
            || upperInts < 0 || upperOffset + (upperInts * sizeof(int)) + ChecksumBytes != length
            || (count > 0 && (entry < 0 || entry >= count || maxLevel < 0)))
        {
            index.Dispose();
            throw new InvalidDataException($"'{path}' is truncated or its HNSW header is inconsistent with its size.");
        }
        try
        {
            index.ReadBody(full, count, level0Offset, levelsOffset, upperInts, memoryMap);
        }
        catch
        {
            index.Dispose();
            throw;
        }
        index._entryPoint = count > 0 ? entry : -1;
        index._maxLevel = count > 0 ? maxLevel : -1;
        return index;
    }

    private void ReadBody(string path, int count, long level0Offset, long levelsOffset, long upperInts, bool memoryMap)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (memoryMap && count > 0)
        {
            _store.Map(path, level0Offset, count);
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
        stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_levels.AsSpan(0, count)));
        long read = 0;
        for (int i = 0; i < count; i++)
        {
            int level = _levels[i];
            if (level < 0 || level > 30) throw new InvalidDataException($"'{path}': node {i} has an invalid layer {level}.");
            if (level == 0) continue;
            var links = GC.AllocateArray<int>(level * (M + 1), pinned: true);
            stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(links.AsSpan()));
            _upper[i] = links;
            read += links.Length;
        }
        if (read != upperInts) throw new InvalidDataException($"'{path}': the upper-layer links do not match the node layers.");
        _count = count;
    }

    private static void VerifyChecksum(FileStream stream, long length, string path)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        stream.Position = 0;
        long remaining = length - ChecksumBytes;
        while (remaining > 0)
        {
            int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (n <= 0) throw new InvalidDataException($"'{path}' is truncated.");
            hash.AppendData(buffer, 0, n);
            remaining -= n;
        }
        var stored = new byte[ChecksumBytes];
        stream.ReadExactly(stored);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored))
            throw new InvalidDataException($"'{path}' fails its SHA-256 checksum: the HNSW index file is damaged.");
    }
}
