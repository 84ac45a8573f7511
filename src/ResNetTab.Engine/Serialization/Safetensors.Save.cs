using ResNetTab.Core.IO;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

using TorchSharp;

namespace ResNetTab.Engine.Serialization;

public static partial class Safetensors
{
    /// <summary>
    /// The <c>__metadata__</c> entry of the checksum every file written by <see cref="Save(string, IEnumerable{KeyValuePair{string, Tensor}}, IReadOnlyDictionary{string, string}?)"/>
    /// carries: the SHA-256 (64 lowercase hex digits) of the whole file, tensor data included, computed with this
    /// value read as 64 zeros. <see cref="Load"/> and <see cref="Open"/> verify it when present (files from other
    /// writers, PyTorch's included, have none and load unverified); it is not part of the metadata they return.
    /// </summary>
    public const string ChecksumKey = "resnettab.sha256";

    /// <summary>
    /// Writes <paramref name="tensors"/> (and <paramref name="metadata"/>, if any) to
    /// <paramref name="path"/> atomically: the file is written to a temporary file in the same
    /// directory, flushed to disk, then renamed over <paramref name="path"/>, so a failure or crash
    /// never leaves a half-written file and leaves any previous file intact. Tensors are streamed one
    /// by one from their own memory (moved to the CPU and made contiguous when needed); they are laid
    /// out as the reference implementation lays them out (by dtype alignment, then name), and the metadata gains
    /// the <see cref="ChecksumKey"/> entry that covers every byte of the file.
    /// </summary>
    /// <exception cref="ArgumentException">A name is empty, repeated or <c>__metadata__</c>, or the metadata holds <see cref="ChecksumKey"/>.</exception>
    /// <exception cref="NotSupportedException">A tensor's dtype has no safetensors equivalent.</exception>
    /// <exception cref="IOException">The file cannot be written; any previous file is unchanged.</exception>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        Save(path, tensors, metadata, wrapOutput: null, checksum: true);

    /// <summary>
    /// <see cref="Save(string, IEnumerable{KeyValuePair{string, Tensor}}, IReadOnlyDictionary{string, string}?)"/>
    /// with a hook that wraps the temporary file's stream (tests use it to fail mid-write), and the checksum optional
    /// (without it, the file is byte for byte what the reference implementation writes for the same tensors and metadata).
    /// </summary>
    internal static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata,
        Func<Stream, Stream>? wrapOutput, bool checksum)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        RequireLittleEndian();
        var pairs = tensors.ToList();
        foreach (var (name, tensor) in pairs)
            if (tensor is null) throw new ArgumentException($"The tensor '{name}' is null.", nameof(tensors));
        if (metadata is not null && metadata.ContainsKey(ChecksumKey))
            throw new ArgumentException($"The metadata key '{ChecksumKey}' is reserved for the file's checksum.", nameof(metadata));
        if (checksum)
        {
            var withChecksum = new List<KeyValuePair<string, string>>(metadata ?? new Dictionary<string, string>());
            withChecksum.Add(new(ChecksumKey, SafetensorsChecksum.Placeholder));
            metadata = new OrderedDictionary<string, string>(withChecksum, StringComparer.Ordinal);
        }
        var plan = SafetensorsLayout.Plan(pairs.Select(p => (p.Key, p.Value.dtype, p.Value.shape)), metadata);
        var byName = pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var checksumOffset = checksum ? 8 + SafetensorsChecksum.LocateValue(plan.Header, SafetensorsChecksum.Placeholder) : -1;
        if (checksum && checksumOffset < 8) throw new InvalidOperationException("The planned header lost its checksum entry.");

        AtomicFile.Write(path, file =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var wrapped = wrapOutput?.Invoke(file) ?? file;
            var output = checksum ? new HashingStream(wrapped, hash) : wrapped;
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)plan.Header.Length);
            output.Write(length);
            output.Write(plan.Header);
            foreach (var entry in plan.Entries)
                WriteTensor(output, byName[entry.Name], entry);
            output.Flush();
            if (file.Length != plan.FileLength)
                throw new IOException($"Wrote {file.Length} bytes to '{path}' instead of the planned {plan.FileLength}.");
            if (checksum)
            {
                // The data streamed out once, hashed on the way with the placeholder in the header; now the value replaces it.
                file.Position = checksumOffset;
                file.Write(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(hash.GetHashAndReset())));
                file.Flush();
            }
        });
    }

    private static void WriteTensor(Stream output, Tensor tensor, SafetensorsEntry entry)
    {
        if (tensor.dtype != entry.DType || !tensor.shape.SequenceEqual(entry.Shape))
            throw new InvalidOperationException($"The tensor '{entry.Name}' changed dtype or shape while it was being saved.");
        TensorBytes.Write(output, tensor);
    }
}
