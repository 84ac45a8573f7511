using ResNetTab.Data;

namespace ResNetTab.Synthetic;

/// <summary>Drawing helpers over <see cref="SplitMix64"/> (stable across .NET versions, unlike <see cref="Random"/>).</summary>
internal static class RandomExtensions
{
    public static T Pick<T>(this SplitMix64 rng, IReadOnlyList<T> items) => items[(int)rng.NextInt64(items.Count)];

    /// <summary>Skewed pick: low indices are much more likely (a few popular items, a long tail).</summary>
    public static T PickSkewed<T>(this SplitMix64 rng, IReadOnlyList<T> items, double power = 2.5) =>
        items[Math.Min(items.Count - 1, (int)(items.Count * Math.Pow(rng.NextDouble(), power)))];

    public static bool Chance(this SplitMix64 rng, double p) => rng.NextDouble() < p;

    public static int Between(this SplitMix64 rng, int min, int maxInclusive) => rng.Next(min, maxInclusive + 1);

    public static double Exponential(this SplitMix64 rng, double mean) => -mean * Math.Log(1.0 - rng.NextDouble());

    public static double LogNormal(this SplitMix64 rng, double mu, double sigma) => Math.Exp(mu + sigma * rng.NextGaussian());

    /// <summary>A version-4-shaped GUID from the generator (deterministic, unlike <see cref="Guid.NewGuid"/>).</summary>
    public static string NextUid(this SplitMix64 rng)
    {
        Span<byte> b = stackalloc byte[16];
        BitConverter.TryWriteBytes(b, rng.NextUInt64());
        BitConverter.TryWriteBytes(b[8..], rng.NextUInt64());
        b[7] = (byte)((b[7] & 0x0F) | 0x40);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b).ToString("D");
    }

    public static string NextHex(this SplitMix64 rng, int digits)
    {
        var chars = new char[digits];
        for (var i = 0; i < digits; i += 16)
        {
            var x = rng.NextUInt64();
            for (var j = i; j < Math.Min(digits, i + 16); j++, x >>= 4) chars[j] = "0123456789abcdef"[(int)(x & 0xF)];
        }
        return new string(chars);
    }
}
