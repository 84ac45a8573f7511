using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Fixed-stride node records of layer 0 — the vector followed by the link count and up to M₀ links — in native
/// memory or in a read-only memory-mapped file (the file holds the same records, so mapping needs no parsing).
/// A mapped store is copied into native memory the first time it has to grow.
/// </summary>
internal sealed unsafe class NodeStore : IDisposable
{
    private byte* _base;
    private long _capacity;
    private MemoryMappedFile? _file;
    private MemoryMappedViewAccessor? _view;

    public NodeStore(int dimension, int maxLinks0)
    {
        Dimension = dimension;
        MaxLinks0 = maxLinks0;
        VectorBytes = dimension * sizeof(float);
        Stride = (VectorBytes + ((1 + maxLinks0) * sizeof(int)) + 63) / 64 * 64;
    }

    public int Dimension { get; }

    public int MaxLinks0 { get; }

    public int VectorBytes { get; }

    /// <summary>Bytes per node record (a multiple of 64, so vectors stay cache-line aligned).</summary>
    public int Stride { get; }

    public long Capacity => _capacity;

    public bool IsMapped => _view is not null;

    public byte* Base => _base;

    public float* Vector(int id) => (float*)(_base + ((long)id * Stride));

    /// <summary>Layer-0 links of <paramref name="id"/>: [count, link₀, …].</summary>
    public int* Links0(int id) => (int*)(_base + ((long)id * Stride) + VectorBytes);

    /// <summary>Room for <paramref name="nodes"/> records, keeping the first <paramref name="used"/>.</summary>
    public void EnsureCapacity(long nodes, long used)
    {
        if (nodes <= _capacity && !IsMapped) return;
        long capacity = Math.Max(nodes, IsMapped ? nodes : Math.Max(1024, _capacity * 3 / 2));
        var fresh = (byte*)NativeMemory.AlignedAlloc((nuint)(capacity * Stride), 64);
        NativeMemory.Clear(fresh, (nuint)(capacity * Stride));
        if (used > 0) Buffer.MemoryCopy(_base, fresh, capacity * Stride, used * Stride);
        Release();
        _base = fresh;
        _capacity = capacity;
    }

    /// <summary>Serves <paramref name="nodes"/> records straight from <paramref name="path"/> at <paramref name="offset"/>.</summary>
    public void Map(string path, long offset, long nodes)
    {
        Release();
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _base = p + _view.PointerOffset + offset;
        _capacity = nodes;
    }

    private void Release()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file!.Dispose();
            _view = null;
            _file = null;
        }
        else if (_base != null)
        {
            NativeMemory.AlignedFree(_base);
        }
        _base = null;
        _capacity = 0;
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    ~NodeStore() => Release();
}
