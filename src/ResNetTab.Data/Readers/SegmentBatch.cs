using System.Buffers;

namespace ResNetTab.Data;

/// <summary>
/// Raw records of one batch packed into a single pooled buffer (no per-record arrays, nothing for the GC to
/// promote while the batch waits for a worker). <see cref="Release"/> returns the buffer once the batch is encoded.
/// </summary>
internal sealed class SegmentBatch(int capacity, int bytesHint)
{
    private byte[] _data = ArrayPool<byte>.Shared.Rent(Math.Max(bytesHint, 1 << 16));
    private readonly (int Start, int Length, long Line, long Column, long ByteOffset, string? Error, long Index)[] _items =
        new (int, int, long, long, long, string?, long)[capacity];

    public int Count { get; private set; }

    public int Bytes { get; private set; }

    public bool IsFull => Count == _items.Length;

    public void Add(ReadOnlySpan<byte> data, long line, long column, long byteOffset, string? error, long index)
    {
        if (Bytes + data.Length > _data.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_data.Length * 2, Bytes + data.Length));
            _data.AsSpan(0, Bytes).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_data);
            _data = bigger;
        }
        data.CopyTo(_data.AsSpan(Bytes));
        _items[Count++] = (Bytes, data.Length, line, column, byteOffset, error, index);
        Bytes += data.Length;
    }

    public ReadOnlySpan<byte> Data(int i) => _data.AsSpan(_items[i].Start, _items[i].Length);

    public long Index(int i) => _items[i].Index;

    /// <summary>The record as a stand-alone segment (a copy; for the rare document-path fallback).</summary>
    public RawSegment Segment(int i)
    {
        var it = _items[i];
        return new RawSegment(Data(i).ToArray(), it.Line, it.Column, it.ByteOffset, it.Error);
    }

    public RecordLocation Location(int i, string source)
    {
        var it = _items[i];
        return new RecordLocation(source, it.Line, it.Column, it.ByteOffset, it.Index);
    }

    public bool HasError(int i) => _items[i].Error != null;

    public void Release()
    {
        var data = Interlocked.Exchange(ref _data, []);
        if (data.Length > 0) ArrayPool<byte>.Shared.Return(data);
    }
}
