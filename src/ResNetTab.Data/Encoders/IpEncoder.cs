using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ResNetTab.Data;

namespace ResNetTab.Data.Encoders;

/// <summary>
/// IP address → categorical <c>field.addr</c> (hashed canonical address), categorical <c>field.net</c>
/// (hashed /24 for IPv4, /64 for IPv6) and numeric <c>field.is_private</c> (RFC 1918, loopback,
/// link-local, CGNAT 100.64/10, IPv6 ULA fc00::/7, link-local fe80::/10, ::1). IPv4-mapped IPv6 is read
/// as IPv4. Missing → 1 in both categorical columns; unparsable → 2 (and counted as a wrong type).
/// </summary>
public sealed class IpEncoder : FieldEncoder
{
    /// <summary>Hash buckets for the address and the network columns.</summary>
    public int HashBuckets { get; init; } = 1024;

    /// <inheritdoc />
    public override IReadOnlyList<string> NumericalNames() => [Field + ".is_private"];

    /// <inheritdoc />
    public override IReadOnlyList<string> CategoricalNames() => [Field + ".addr", Field + ".net"];

    /// <inheritdoc />
    public override IReadOnlyList<int> Cardinalities() => [Reserved.Count + HashBuckets, Reserved.Count + HashBuckets];

    /// <inheritdoc />
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"address and /24|/64 hashed into {HashBuckets} buckets, is_private");

    /// <summary>Canonical text of the network prefix: <c>a.b.c.0/24</c> or the first 64 bits <c>…::/64</c>.</summary>
    public static string NetworkOf(IPAddress ip)
    {
        var bytes = ip.GetAddressBytes();
        if (ip.AddressFamily == AddressFamily.InterNetwork)
            return string.Create(CultureInfo.InvariantCulture, $"{bytes[0]}.{bytes[1]}.{bytes[2]}.0/24");
        for (var i = 8; i < 16; i++) bytes[i] = 0;
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>True for private, loopback, link-local and shared (CGNAT) ranges.</summary>
    public static bool IsPrivate(IPAddress ip)
    {
        var b = ip.GetAddressBytes();
        if (ip.AddressFamily == AddressFamily.InterNetwork)
            return b[0] == 10 || b[0] == 127 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
        return IPAddress.IsLoopback(ip) || (b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80);
    }

    /// <summary>Parses an address, reading IPv4-mapped IPv6 as IPv4; null when it is not an address.</summary>
    public static IPAddress? Parse(string text)
    {
        if (!FieldStatistics.LooksLikeIp(text) || !IPAddress.TryParse(text, out var ip)) return null;
        return ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
    }

    /// <inheritdoc />
    internal override string? FindProblem() => HashBuckets > 0 ? null : "\"hashBuckets\" must be positive";

    /// <inheritdoc />
    internal override void Encode(FieldValue? value, Span<float> numerical, Span<long> categorical, DriftTally drift)
    {
        numerical[0] = 0;
        if (value is not { IsNull: false } v)
        {
            categorical[0] = categorical[1] = Reserved.Missing;
            return;
        }
        var ip = v.Kind == FieldValueKind.String ? Parse(v.Text!) : null;
        if (ip == null)
        {
            drift.WrongType(Field);
            categorical[0] = categorical[1] = Reserved.Unknown;
            return;
        }
        categorical[0] = Reserved.Count + StableHash.Bucket(ip.ToString(), HashBuckets);
        categorical[1] = Reserved.Count + StableHash.Bucket(NetworkOf(ip), HashBuckets);
        numerical[0] = IsPrivate(ip) ? 1 : 0;
    }
}
