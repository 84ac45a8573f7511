using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace ResNetTab.Engine.Random;

/// <summary>
/// Dropout keep masks drawn in managed code: each element is 1 / (1 − p) with probability 1 − p and 0 otherwise.
/// libtorch's CPU <c>bernoulli_</c> draws one Mersenne-Twister number per element on one thread (≈ 4 ns/element,
/// ≈ 300 µs for a 256 × 256 activation); four xoshiro256++ streams in SIMD lanes draw the same mask in a fraction of
/// that. The streams are seeded by one 64-bit draw from libtorch's generator, so <c>manual_seed</c> and the generator
/// state saved in checkpoints still decide every mask.
/// </summary>
internal static class DropoutMask
{
    /// <summary>A float32 CPU tensor of <paramref name="shape"/> whose elements are 1 / (1 − p) or 0 (dropped, probability p).</summary>
    /// <param name="shape">The shape of the activation.</param>
    /// <param name="p">The drop probability, in (0, 1).</param>
    /// <param name="generator">libtorch generator that seeds the streams; the default CPU generator when null.</param>
    public static Tensor Create(long[] shape, double p, Generator? generator = null)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "The drop probability must lie in (0, 1).");
        ulong seed;
        using (var draw = randint(long.MinValue, long.MaxValue, [1], dtype: ScalarType.Int64, generator: generator))
            seed = unchecked((ulong)draw.item<long>());
        var mask = empty(shape, ScalarType.Float32);
        try
        {
            Fill(MemoryMarshal.Cast<byte, float>(mask.bytes), p, seed);
            return mask;
        }
        catch
        {
            mask.Dispose();
            throw;
        }
    }

    /// <summary>Fills <paramref name="values"/> with a keep mask from four xoshiro256++ streams seeded by <paramref name="seed"/>.</summary>
    internal static void Fill(Span<float> values, double p, ulong seed)
    {
        // An element is dropped when its 32-bit uniform falls below p · 2^32: each 64-bit output gives two elements.
        var threshold = (uint)Math.Min(Math.Round(p * 4294967296.0), uint.MaxValue);
        var keep = (float)(1.0 / (1.0 - p));
        var splitMix = seed;
        Vector256<ulong> Seeded() => Vector256.Create(Xoshiro256StarStar(ref splitMix), Xoshiro256StarStar(ref splitMix), Xoshiro256StarStar(ref splitMix), Xoshiro256StarStar(ref splitMix));
        Vector256<ulong> s0 = Seeded(), s1 = Seeded(), s2 = Seeded(), s3 = Seeded();
        var limit = Vector256.Create(threshold);
        var kept = Vector256.Create(keep);
        Span<float> tail = stackalloc float[Vector256<float>.Count];
        for (var at = 0; at < values.Length; at += Vector256<float>.Count)
        {
            // xoshiro256++: result = rotl(s0 + s3, 23) + s0, in four independent lanes: eight 32-bit uniforms.
            var sum = s0 + s3;
            var result = ((sum << 23) | Vector256.ShiftRightLogical(sum, 41)) + s0;
            var t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = (s3 << 45) | Vector256.ShiftRightLogical(s3, 19);
            var dropped = Vector256.LessThan(result.AsUInt32(), limit).AsSingle();
            var mask = Vector256.ConditionalSelect(dropped, Vector256<float>.Zero, kept);
            if (at + Vector256<float>.Count <= values.Length)
            {
                mask.CopyTo(values[at..]);
            }
            else
            {
                mask.CopyTo(tail);
                tail[..(values.Length - at)].CopyTo(values[at..]);
            }
        }
    }

    private static ulong Xoshiro256StarStar(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
