using ResNetTab.Core.IO;
using System.Buffers.Binary;
using static TorchSharp.torch;

using TorchSharp;

namespace ResNetTab.Engine.Serialization;

public static partial class Safetensors
{
    /// <summary>Largest slice of a tensor handed to the file in one write.</summary>
    /// <summary>
    /// Writes <paramref name="tensors"/> (and <paramref name="metadata"/>, if any) to
    /// <paramref name="path"/> atomically: the file is written to a temporary file in the same
    /// directory, flushed to disk, then renamed over <paramref name="path"/>, so a failure or crash
    /// never leaves a half-written file and leaves any previous file intact. Tensors are streamed one
    /// by one from their own memory (moved to the CPU and made contiguous when needed); they are laid
    /// out as the reference implementation lays them out (by dtype alignment, then name).
    /// </summary>
    /// <exception cref="ArgumentException">A name is empty, repeated or <c>__metadata__</c>.</exception>
    /// <exception cref="NotSupportedException">A tensor's dtype has no safetensors equivalent.</exception>
    /// <exception cref="IOException">The file cannot be written; any previous file is unchanged.</exception>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        Save(path, tensors, metadata, wrapOutput: null);

    /// <summary>
    /// <see cref="Save(string, IEnumerable{KeyValuePair{string, Tensor}}, IReadOnlyDictionary{string, string}?)"/>
    /// with a hook that wraps the temporary file's stream (tests use it to fail mid-write).
    /// </summary>
    internal static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata,
        Func<Stream, Stream>? wrapOutput)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        RequireLittleEndian();
        var pairs = tensors.ToList();
        foreach (var (name, tensor) in pairs)
            if (tensor is null) throw new ArgumentException($"The tensor '{name}' is null.", nameof(tensors));
        var plan = SafetensorsLayout.Plan(pairs.Select(p => (p.Key, p.Value.dtype, p.Value.shape)), metadata);
        var byName = pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

        AtomicFile.Write(path, file =>
        {
            var output = wrapOutput?.Invoke(file) ?? file;
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)plan.Header.Length);
            output.Write(length);
            output.Write(plan.Header);
            foreach (var entry in plan.Entries)
                WriteTensor(output, byName[entry.Name], entry);
            output.Flush();
            if (file.Length != plan.FileLength)
                throw new IOException($"Wrote {file.Length} bytes to '{path}' instead of the planned {plan.FileLength}.");
        });
    }

    private static void WriteTensor(Stream output, Tensor tensor, SafetensorsEntry entry)
    {
        if (tensor.dtype != entry.DType || !tensor.shape.SequenceEqual(entry.Shape))
            throw new InvalidOperationException($"The tensor '{entry.Name}' changed dtype or shape while it was being saved.");
        TensorBytes.Write(output, tensor);
    }
}
