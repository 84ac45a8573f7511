using System.Text.Json;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

public class StableHashTests
{
    [Fact]
    public void Fnv1a64_matches_independent_reference()
    {
        var oracle = Oracle.Load();
        foreach (var row in oracle.GetProperty("hash").EnumerateArray())
        {
            var text = row.GetProperty("text").GetString()!;
            StableHash.Fnv1a64(text).Should().Be(ulong.Parse(row.GetProperty("fnv1a64").GetString()!), text);
            StableHash.Bucket(text, 1024).Should().Be(row.GetProperty("bucket1024").GetInt32(), text);
        }
    }

    [Fact]
    public void Known_fnv_vectors()
    {
        StableHash.Fnv1a64("").Should().Be(0xcbf29ce484222325UL);
        StableHash.Fnv1a64("a").Should().Be(0xaf63dc4c8601ec8cUL);
        StableHash.Fnv1a64("foobar").Should().Be(0x85944171f73967e8UL);
    }

    [Fact]
    public void Long_strings_hash_like_their_bytes()
    {
        var s = new string('x', 5000);
        StableHash.Fnv1a64(s).Should().Be(StableHash.Fnv1a64(System.Text.Encoding.UTF8.GetBytes(s)));
    }
}

internal static class Oracle
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Oracle", "oracle.json"))).RootElement.Clone());

    public static JsonElement Load() => Root.Value;

    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
}
