using static TorchSharp.torch;

using TorchSharp;

namespace ResNetTab.Engine.Serialization;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a UTF-8 JSON header
/// (name → dtype, shape, data_offsets, plus an optional <c>__metadata__</c> string map) and the raw
/// little-endian, row-major tensor data. Files are byte-for-byte those the reference implementation
/// writes for the same tensors and metadata, the metadata holding one more entry, <see cref="ChecksumKey"/>, a
/// SHA-256 over the whole file that loading verifies; files of any size (beyond 2 GiB) are supported.
/// </summary>
public static partial class Safetensors
{
    /// <summary>
    /// Reads every tensor of <paramref name="path"/> through a memory mapping, each copied once into a
    /// new CPU tensor. The result owns the tensors: dispose it.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is too short, truncated or corrupt.</exception>
    public static SafetensorsFile Load(string path)
    {
        using var reader = SafetensorsReader.Open(path);
        return reader.ReadAll();
    }

    /// <summary>
    /// Opens <paramref name="path"/> for lazy reading: the header is validated now, and each tensor is
    /// read only by <see cref="SafetensorsReader.Read(string)"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is too short, truncated or corrupt.</exception>
    public static SafetensorsReader Open(string path) => SafetensorsReader.Open(path);

    internal static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors files hold little-endian data; big-endian machines are not supported.");
    }
}
