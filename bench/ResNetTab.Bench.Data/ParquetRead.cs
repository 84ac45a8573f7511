using System.Diagnostics;
using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;
using ResNetTab.Data;

/// <summary>
/// Reading the same OCSF-shaped rows from Parquet (managed Parquet.Net reader, rows reassembled and flattened) and from
/// JSON Lines (the streaming JSON path): records per second of <see cref="RecordReader.ReadFlat"/> on each.
/// </summary>
internal static class ParquetRead
{
    public static void Run(int rows, string dir)
    {
        var parquet = Path.Combine(dir, $"ocsf-{rows}.parquet");
        var jsonl = Path.Combine(dir, $"ocsf-{rows}.jsonl");
        if (!File.Exists(parquet) || !File.Exists(jsonl)) Write(rows, parquet, jsonl);
        Console.WriteLine($"Parquet vs JSON Lines, {rows:N0} rows ({new FileInfo(parquet).Length / 1e6:F1} MB Parquet, {new FileInfo(jsonl).Length / 1e6:F1} MB JSON Lines):");
        for (var round = 0; round < 2; round++)
            foreach (var (name, path) in new[] { ("parquet", parquet), ("jsonl", jsonl) })
            {
                var sw = Stopwatch.StartNew();
                long n = 0, fields = 0;
                foreach (var r in RecordReader.ReadFlat(path)) { n++; fields += r.Count; }
                sw.Stop();
                if (round == 1)
                    Console.WriteLine($"  {name,-8} {n:N0} records, {fields / (double)n:F1} fields each: {sw.Elapsed.TotalSeconds:F2} s, {n / sw.Elapsed.TotalSeconds:N0} records/s");
            }
    }

    private static void Write(int rows, string parquet, string jsonl)
    {
        var schema = new ParquetSchema(
            new DataField<long>("class_uid"), new DataField<long>("activity_id"), new DataField<long>("time"),
            new StructField("actor", new StructField("user", new DataField<string>("name"), new DataField<string>("uid"))),
            new StructField("src_endpoint", new DataField<string>("ip"), new DataField<int?>("port")),
            new StructField("dst_endpoint", new DataField<string>("ip"), new DataField<int?>("port")),
            new StructField("traffic", new DataField<long?>("bytes_in"), new DataField<long?>("bytes_out")),
            new ListField("observables", new StructField("element", new DataField<string>("name"), new DataField<long?>("type_id"), new DataField<string>("value"))),
            new MapField("unmapped", new DataField<string>("key", false), new DataField<string>("value")));
        var rng = new Random(7);
        var data = new List<IDictionary<string, object?>>(rows);
        var json = new StringBuilder();
        for (var i = 0; i < rows; i++)
        {
            string user = "user" + rng.Next(500), src = $"10.0.{rng.Next(8)}.{rng.Next(256)}", dst = $"52.94.{rng.Next(4)}.{rng.Next(256)}";
            int sport = 49152 + rng.Next(16000), dport = rng.Next(4) == 0 ? 22 : 443;
            long bin = rng.Next(1 << 20), bout = rng.Next(1 << 16), time = 1_700_000_000_000L + i * 250L;
            data.Add(new Dictionary<string, object?>
            {
                ["class_uid"] = 4001L, ["activity_id"] = (long)(1 + rng.Next(6)), ["time"] = time,
                ["actor"] = new Dictionary<string, object?> { ["user"] = new Dictionary<string, object?> { ["name"] = user, ["uid"] = "u-" + user } },
                ["src_endpoint"] = new Dictionary<string, object?> { ["ip"] = src, ["port"] = sport },
                ["dst_endpoint"] = new Dictionary<string, object?> { ["ip"] = dst, ["port"] = dport },
                ["traffic"] = new Dictionary<string, object?> { ["bytes_in"] = bin, ["bytes_out"] = bout },
                ["observables"] = new List<IDictionary<string, object?>>
                {
                    new Dictionary<string, object?> { ["name"] = "src_endpoint.ip", ["type_id"] = 2L, ["value"] = src },
                    new Dictionary<string, object?> { ["name"] = "actor.user.name", ["type_id"] = 4L, ["value"] = user },
                },
                ["unmapped"] = new Dictionary<ReadOnlyMemory<char>, ReadOnlyMemory<char>?> { ["vpc".AsMemory()] = ("vpc-" + rng.Next(3)).AsMemory() },
            });
            var vpc = ((Dictionary<ReadOnlyMemory<char>, ReadOnlyMemory<char>?>)data[^1]["unmapped"]!).Values.First().ToString();
            json.Append(CultureInfo.InvariantCulture,
                $$$"""{"class_uid":4001,"activity_id":{{{data[^1]["activity_id"]}}},"time":{{{time}}},"actor":{"user":{"name":"{{{user}}}","uid":"u-{{{user}}}"}},"src_endpoint":{"ip":"{{{src}}}","port":{{{sport}}}},"dst_endpoint":{"ip":"{{{dst}}}","port":{{{dport}}}},"traffic":{"bytes_in":{{{bin}}},"bytes_out":{{{bout}}}},"observables":[{"name":"src_endpoint.ip","type_id":2,"value":"{{{src}}}"},{"name":"actor.user.name","type_id":4,"value":"{{{user}}}"}],"unmapped":{"vpc":"{{{vpc}}}"}}""")
                .Append('\n');
        }
        using (var stream = File.Create(parquet))
            ParquetSerializer.SerializeUntypedAsync(data, schema, stream, new ParquetOptions { RowGroupSize = 50_000 }).GetAwaiter().GetResult();
        File.WriteAllText(jsonl, json.ToString());
    }
}
