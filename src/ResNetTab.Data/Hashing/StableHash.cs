using System.Buffers;
using System.Text;

namespace ResNetTab.Data;

/// <summary>
/// Stable 64-bit FNV-1a hash over the UTF-8 bytes of a string. Unlike <see cref="string.GetHashCode()"/>
/// it gives the same value in every process, on every platform and in every .NET version, so hashed
/// features computed at training time match those computed at inference time.
/// </summary>
internal static class StableHash
{
    /// <summary>FNV-1a 64-bit offset basis.</summary>
    public const ulong OffsetBasis = 14695981039346656037UL;

    /// <summary>FNV-1a 64-bit prime.</summary>
    public const ulong Prime = 1099511628211UL;

    /// <summary>FNV-1a 64 of a byte sequence.</summary>
    public static ulong Fnv1a64(ReadOnlySpan<byte> data)
    {
        var hash = OffsetBasis;
        foreach (var b in data)
        {
            hash ^= b;
            hash *= Prime;
        }
        return hash;
    }

    /// <summary>FNV-1a 64 of the UTF-8 encoding of <paramref name="text"/>.</summary>
    public static ulong Fnv1a64(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Fnv1a64(text.AsSpan());
    }

    /// <summary>FNV-1a 64 of the UTF-8 encoding of <paramref name="text"/> (same value as the string overload).</summary>
    public static ulong Fnv1a64(ReadOnlySpan<char> text)
    {
        // ASCII (addresses, enum texts, most names) is its own UTF-8: hash the chars without encoding.
        var hash = OffsetBasis;
        var ascii = true;
        foreach (var c in text)
        {
            if (c >= 0x80) { ascii = false; break; }
            hash ^= c;
            hash *= Prime;
        }
        if (ascii) return hash;
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Encoding.UTF8.GetBytes(text, buffer);
            return Fnv1a64(buffer[..n]);
        }
        finally
        {
            if (rented != null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Bucket of <paramref name="text"/> among <paramref name="buckets"/>: <c>Fnv1a64(text) % buckets</c>.</summary>
    public static int Bucket(string text, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        return (int)(Fnv1a64(text) % (ulong)buckets);
    }
}
