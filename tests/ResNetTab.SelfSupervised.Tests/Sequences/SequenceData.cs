using ResNetTab.Anomaly;
using ResNetTab.SelfSupervised.Sequences;

namespace ResNetTab.SelfSupervised.Tests.Sequences;

/// <summary>Synthetic event streams: every entity repeats the cycle A → B → C → D every 10 s (small noise).</summary>
internal static class SequenceData
{
    public const int Features = 4;

    public static readonly SequenceWindowOptions Options = new() { Length = 8, Stride = 4, MaxGap = TimeSpan.FromHours(1) };

    /// <summary>Events of <paramref name="entities"/> entities, <paramref name="perEntity"/> each, as rows, keys and times.</summary>
    public static (FeatureMatrix Features, string[] Entities, long[] Times) Regular(int entities, int perEntity, int seed)
    {
        var random = new Random(seed);
        var rows = entities * perEntity;
        var values = new float[rows * Features];
        var keys = new string[rows];
        var times = new long[rows];
        for (var e = 0; e < entities; e++)
        {
            var phase = random.Next(4);
            for (var i = 0; i < perEntity; i++)
            {
                var r = (e * perEntity) + i;
                values[(r * Features) + ((i + phase) % 4)] = 1;
                for (var j = 0; j < Features; j++) values[(r * Features) + j] += (float)(random.NextDouble() * 0.05);
                keys[r] = $"entity{e}";
                times[r] = (e * 7_000L) + (i * 10_000L) + random.Next(500);
            }
        }
        return (FeatureMatrix.Wrap(values, Features), keys, times);
    }

    public static SequenceWindowSet Windows(int entities, int perEntity, int seed)
    {
        var (x, keys, times) = Regular(entities, perEntity, seed);
        return SequenceWindowSet.From(SequenceWindower.FromRows(x, keys, times, Options));
    }
}
