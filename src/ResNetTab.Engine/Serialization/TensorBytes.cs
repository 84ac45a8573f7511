using static TorchSharp.torch;

namespace ResNetTab.Engine.Serialization;

/// <summary>
/// Moves the raw bytes of dense CPU tensors in chunks, so tensors above 2 GiB (beyond one
/// <see cref="Span{T}"/>) are read and written too.
/// </summary>
internal static class TensorBytes
{
    private const long ChunkBytes = 16 << 20;

    /// <summary>Fills a new contiguous CPU tensor of the given type and shape from <paramref name="source"/>.</summary>
    public static unsafe Tensor Read(byte* source, long byteLength, ScalarType dtype, long[] shape)
    {
        var tensor = empty(shape, dtype);
        try
        {
            ForEachChunk(tensor, (offset, span) => new ReadOnlySpan<byte>(source + offset, span.Length).CopyTo(span));
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>Writes the tensor's bytes (detached, on the CPU, contiguous) to <paramref name="output"/>.</summary>
    public static void Write(Stream output, Tensor tensor)
    {
        using var detached = tensor.detach();
        using var onCpu = detached.device_type == TorchSharp.DeviceType.CPU ? null : detached.cpu();
        using var dense = (onCpu ?? detached).contiguous();
        ForEachChunk(dense, (_, span) => output.Write(span));
    }

    private delegate void ChunkAction(long byteOffset, Span<byte> chunk);

    private static void ForEachChunk(Tensor dense, ChunkAction action)
    {
        if (dense.numel() == 0) return;
        using var flat = dense.reshape(-1);
        long elementSize = flat.element_size();
        long elementsPerChunk = Math.Max(1, ChunkBytes / elementSize);
        for (long start = 0; start < flat.numel(); start += elementsPerChunk)
        {
            long count = Math.Min(elementsPerChunk, flat.numel() - start);
            using var chunk = flat.narrow(0, start, count);
            action(start * elementSize, chunk.bytes);
        }
    }
}
