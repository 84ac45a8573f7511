using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using static TorchSharp.torch;

using TorchSharp;

namespace ResNetTab.Engine.Serialization;

/// <summary>
/// An open safetensors file, memory-mapped read-only. The header is parsed and validated on opening;
/// tensor data is read only when asked for, each tensor copied once from the mapping into a new CPU
/// tensor. Dispose it to unmap the file (tensors already read stay valid).
/// </summary>
public sealed unsafe class SafetensorsReader : IDisposable
{
    private readonly MemoryMappedFile mapping;
    private readonly MemoryMappedViewAccessor view;
    private readonly SafetensorsHeader header;
    private readonly Dictionary<string, SafetensorsEntry> byName;
    private readonly long dataStart;
    private byte* basePointer;

    private SafetensorsReader(string path, MemoryMappedFile mapping, MemoryMappedViewAccessor view, byte* basePointer, SafetensorsHeader header, long dataStart,
        bool hasChecksum)
    {
        HasChecksum = hasChecksum;
        Path = path;
        this.mapping = mapping;
        this.view = view;
        this.basePointer = basePointer;
        this.header = header;
        this.dataStart = dataStart;
        byName = header.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>The file being read.</summary>
    public string Path { get; }

    /// <summary>The tensors in the order the header lists them (names, dtypes, shapes, offsets).</summary>
    public IReadOnlyList<SafetensorsEntry> Entries => header.Entries;

    /// <summary>The tensor names in header order.</summary>
    public IEnumerable<string> Names => header.Entries.Select(e => e.Name);

    /// <summary>The file's <c>__metadata__</c> map (empty when it has none), without the <see cref="Safetensors.ChecksumKey"/> entry.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; private set; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the file carries a <see cref="Safetensors.ChecksumKey"/> checksum (ResNetTab wrote it); it was verified
    /// when the file was opened. Files from other writers have none.
    /// </summary>
    public bool HasChecksum { get; }

    /// <summary>True when the file holds a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name) => byName.ContainsKey(name);

    /// <summary>
    /// Maps <paramref name="path"/>, validates its header and, when the file carries a <see cref="Safetensors.ChecksumKey"/>
    /// checksum, verifies it over the whole file (reading it once).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is too short, truncated, has a corrupt header, or fails its checksum.</exception>
    public static SafetensorsReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Safetensors.RequireLittleEndian();
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.RandomAccess);
        MemoryMappedFile? mapping = null;
        MemoryMappedViewAccessor? view = null;
        byte* pointer = null;
        try
        {
            var length = stream.Length;
            if (length < 8)
                throw SafetensorsErrors.Invalid(path, $"the file is {length} bytes long, shorter than the 8-byte header length every safetensors file starts with");
            mapping = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = mapping.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            var start = pointer + view.PointerOffset;
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(start, 8));
            if (headerLength > (ulong)(length - 8))
                throw SafetensorsErrors.Invalid(path, $"the header length {headerLength} goes beyond the end of the {length}-byte file: the file is truncated or not a safetensors file");
            if (headerLength > SafetensorsLayout.MaxHeaderLength)
                throw SafetensorsErrors.Invalid(path, $"the header length {headerLength} exceeds the format's limit of {SafetensorsLayout.MaxHeaderLength} bytes");
            var json = new ReadOnlySpan<byte>(start + 8, (int)headerLength).ToArray();
            var dataStart = 8 + (long)headerLength;
            var header = SafetensorsHeader.Parse(path, json, length - dataStart);
            var hasChecksum = VerifyChecksum(path, start, length, json, header.Metadata);
            var metadata = header.Metadata is null ? new Dictionary<string, string>()
                : header.Metadata.Where(m => m.Key != Safetensors.ChecksumKey).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            return new SafetensorsReader(path, mapping, view, start, header, dataStart, hasChecksum) { Metadata = metadata };
        }
        catch
        {
            if (pointer != null) view!.SafeMemoryMappedViewHandle.ReleasePointer();
            view?.Dispose();
            mapping?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Verifies the file's checksum when its metadata has one; false when it has none.</summary>
    private static bool VerifyChecksum(string path, byte* file, long length, byte[] json, IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(Safetensors.ChecksumKey, out var expected)) return false;
        if (!SafetensorsChecksum.IsWellFormed(expected))
            throw SafetensorsErrors.Invalid(path, $"the metadata entry '{Safetensors.ChecksumKey}' is not a SHA-256 in hex (64 lowercase hex digits)");
        var at = SafetensorsChecksum.LocateValue(json, expected);
        if (at < 0)
            throw SafetensorsErrors.Invalid(path, $"the header was rewritten after the file was written (its '{Safetensors.ChecksumKey}' entry is no longer in the written form)");
        var actual = SafetensorsChecksum.Compute(file, length, 8 + at);
        if (actual != expected)
            throw SafetensorsErrors.Invalid(path, $"the file fails its SHA-256 checksum ('{Safetensors.ChecksumKey}'): its header or tensor data changed after it was written");
        return true;
    }

    /// <summary>The header entry of <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The file has no such tensor.</exception>
    public SafetensorsEntry Entry(string name) =>
        byName.TryGetValue(name, out var e) ? e : throw new KeyNotFoundException($"'{Path}' holds no tensor named '{name}'.");

    /// <summary>
    /// Reads one tensor into a new CPU tensor (copied once from the mapping). The caller owns it; it
    /// joins the current dispose scope like any other new tensor.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The file has no such tensor.</exception>
    public Tensor Read(string name) => Read(Entry(name));

    internal Tensor Read(SafetensorsEntry entry)
    {
        ObjectDisposedException.ThrowIf(basePointer == null, this);
        return TensorBytes.Read(basePointer + dataStart + entry.Begin, entry.ByteLength, entry.DType, entry.Shape.ToArray());
    }

    /// <summary>Reads every tensor, in header order, into a container that owns them.</summary>
    public SafetensorsFile ReadAll()
    {
        var tensors = new List<KeyValuePair<string, Tensor>>(header.Entries.Count);
        try
        {
            foreach (var e in header.Entries)
                tensors.Add(new(e.Name, Read(e).DetachFromDisposeScope()));
        }
        catch
        {
            foreach (var (_, t) in tensors) t.Dispose();
            throw;
        }
        return new SafetensorsFile(Path, tensors, Metadata, HasChecksum);
    }

    /// <summary>Unmaps the file. Tensors already read are unaffected.</summary>
    public void Dispose()
    {
        if (basePointer == null) return;
        basePointer = null;
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        mapping.Dispose();
    }
}
