using System.Security.Cryptography;
using System.Text;

namespace ResNetTab.Engine.Serialization;

/// <summary>
/// The checksum ResNetTab writes into a safetensors file's <c>__metadata__</c> (<see cref="Safetensors.ChecksumKey"/>):
/// the SHA-256, as 64 lowercase hex digits, of the whole file (length prefix, header and tensor data) read with
/// the checksum's own value replaced by 64 '0' digits. It thus covers every tensor byte and every header byte,
/// and the file stays a plain safetensors file that any reader (PyTorch's included) opens.
/// </summary>
internal static class SafetensorsChecksum
{
    /// <summary>Length of the value: a SHA-256 in hex.</summary>
    public const int HexLength = 64;

    /// <summary>The value written first and hashed in place of the real one.</summary>
    public static readonly string Placeholder = new('0', HexLength);

    /// <summary>Largest slice handed to the hash at once (spans are limited to 2 GiB).</summary>
    private const int Chunk = 1 << 30;

    /// <summary>
    /// The byte offset, within <paramref name="header"/>, of the checksum value <paramref name="hex"/>: the one place
    /// where <c>"resnettab.sha256":"hex"</c> occurs (names and values are escaped JSON strings, so the pattern cannot
    /// occur inside another key or value). -1 when it does not occur exactly once in that compact form.
    /// </summary>
    public static int LocateValue(ReadOnlySpan<byte> header, string hex)
    {
        var pattern = Encoding.UTF8.GetBytes($"\"{Safetensors.ChecksumKey}\":\"{hex}\"");
        var first = header.IndexOf(pattern);
        if (first < 0) return -1;
        if (header[(first + 1)..].IndexOf(pattern) >= 0) return -1;
        return first + pattern.Length - 1 - HexLength;
    }

    /// <summary>Whether <paramref name="value"/> has the form of a checksum (64 lowercase hex digits).</summary>
    public static bool IsWellFormed(string value) =>
        value.Length == HexLength && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>
    /// SHA-256 of the <paramref name="length"/> bytes at <paramref name="file"/> with the <see cref="HexLength"/>
    /// bytes at <paramref name="valueOffset"/> read as <see cref="Placeholder"/>.
    /// </summary>
    public static unsafe string Compute(byte* file, long length, long valueOffset)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, file, valueOffset);
        hash.AppendData(Encoding.ASCII.GetBytes(Placeholder));
        var rest = valueOffset + HexLength;
        Append(hash, file + rest, length - rest);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static unsafe void Append(IncrementalHash hash, byte* start, long length)
    {
        for (long done = 0; done < length;)
        {
            var count = (int)Math.Min(Chunk, length - done);
            hash.AppendData(new ReadOnlySpan<byte>(start + done, count));
            done += count;
        }
    }
}

/// <summary>A write-only pass-through that hashes what it writes (the checksum is computed while the file streams out).</summary>
internal sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        hash.AppendData(buffer);
        inner.Write(buffer);
    }
}
