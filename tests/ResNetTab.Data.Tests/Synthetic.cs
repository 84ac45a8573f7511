using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

/// <summary>Small deterministic record sets for plan and preprocessor tests.</summary>
internal static class Synthetic
{
    public static List<FlatRecord> Records(int n, int seed = 1)
    {
        var rng = new Random(seed);
        var users = new[] { "alice", "bob", "carol", "dave" };
        var classes = new[] { 3002, 4001, 4001, 6003 };
        var list = new List<FlatRecord>(n);
        for (var i = 0; i < n; i++)
        {
            var r = new FlatRecord();
            r.Set("class_uid", FieldValue.FromNumber(classes[i % 4]));
            r.Set("severity_id", FieldValue.FromNumber(1 + i % 3));
            r.Set("time", FieldValue.FromNumber(1_700_000_000_000 + i * 60_000L));
            r.Set("actor.user.name", FieldValue.FromString(users[rng.Next(users.Length)]));
            r.Set("src_endpoint.ip", FieldValue.FromString($"10.0.{rng.Next(4)}.{rng.Next(256)}"));
            if (i % 5 != 0) r.Set("traffic.bytes", FieldValue.FromNumber(Math.Round(Math.Exp(rng.NextDouble() * 12))));
            r.Set("metadata.uid", FieldValue.FromString(Guid.NewGuid().ToString()));
            r.Set("metadata.version", FieldValue.FromString("1.5.0"));
            r.Set("is_mfa", FieldValue.FromBoolean(i % 2 == 0));
            if (i == 7) r.Set("rare.field", FieldValue.FromString("x"));
            list.Add(r);
        }
        return list;
    }
}
