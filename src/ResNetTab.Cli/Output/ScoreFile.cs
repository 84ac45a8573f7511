using System.Globalization;
using System.Text;
using System.Text.Json;
using Parquet.Serialization;

namespace ResNetTab.Cli.Output;

/// <summary>Scores files: JSON Lines (<c>.jsonl</c>, <c>.json</c>), CSV (<c>.csv</c>) or Parquet (<c>.parquet</c>), by extension.</summary>
internal static class ScoreFile
{
    private const string CsvHeader = "source,line,record,score,label,top_fields,map_x,map_y";

    public static string FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jsonl" or ".json" or ".ndjson" => "jsonl",
        ".csv" => "csv",
        ".parquet" => "parquet",
        var e => throw new ArgumentException($"Cannot tell the format of '{path}' from its extension '{e}': use .jsonl, .csv or .parquet."),
    };

    /// <summary>Writes rows as they come (JSON Lines, CSV) or at the end (Parquet), to a temporary file renamed into place.</summary>
    public static async Task<long> WriteAsync(string path, IEnumerable<ScoreRow> rows, CancellationToken cancellationToken)
    {
        var format = FormatOf(path);
        var temporary = path + ".partial";
        long count = 0;
        try
        {
            await using (var stream = File.Create(temporary))
            {
                if (format == "parquet")
                {
                    var all = rows.ToList();
                    count = all.Count;
                    await ParquetSerializer.SerializeAsync(all, stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
                    if (format == "csv") await writer.WriteLineAsync(CsvHeader).ConfigureAwait(false);
                    foreach (var row in rows)
                    {
                        await writer.WriteLineAsync(format == "csv" ? Csv(row) : Json(row)).ConfigureAwait(false);
                        count++;
                    }
                }
            }
            File.Move(temporary, path, overwrite: true);
            return count;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static async Task<List<ScoreRow>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No scores file '{path}'.", path);
        var format = FormatOf(path);
        if (format == "parquet")
        {
            await using var stream = File.OpenRead(path);
            try
            {
                return [.. (await ParquetSerializer.DeserializeAsync<ScoreRow>(stream, cancellationToken: cancellationToken).ConfigureAwait(false)).Data];
            }
            catch (Exception e) when (e is not OperationCanceledException and not InvalidDataException)
            {
                throw new InvalidDataException($"{path}: not a scores Parquet file ({e.Message}).", e);
            }
        }
        var rows = new List<ScoreRow>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (format == "csv" && number == 1)
            {
                if (line != CsvHeader) throw new InvalidDataException($"{path}:1: expected the header '{CsvHeader}'.");
                continue;
            }
            if (line.Length == 0) continue;
            try
            {
                rows.Add(format == "csv" ? FromCsv(line) : FromJson(line));
            }
            catch (Exception e) when (e is JsonException or FormatException or IndexOutOfRangeException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}:{number}: not a scores line ({e.Message}).", e);
            }
        }
        return rows;
    }

    private static string Json(ScoreRow r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("source", r.Source);
            w.WriteNumber("line", r.Line);
            w.WriteNumber("record", r.Record);
            w.WriteNumber("score", r.Score);
            w.WriteNumber("label", r.Label);
            w.WriteString("top_fields", r.TopFields);
            w.WriteNumber("map_x", r.MapX);
            w.WriteNumber("map_y", r.MapY);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static ScoreRow FromJson(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var o = doc.RootElement;
        return new ScoreRow
        {
            Source = o.GetProperty("source").GetString() ?? "",
            Line = o.GetProperty("line").GetInt64(),
            Record = o.GetProperty("record").GetInt64(),
            Score = o.GetProperty("score").GetDouble(),
            Label = o.GetProperty("label").GetInt32(),
            TopFields = o.GetProperty("top_fields").GetString() ?? "",
            MapX = o.GetProperty("map_x").GetSingle(),
            MapY = o.GetProperty("map_y").GetSingle(),
        };
    }

    private static string Csv(ScoreRow r) => string.Join(',', Quote(r.Source), r.Line.ToString(CultureInfo.InvariantCulture),
        r.Record.ToString(CultureInfo.InvariantCulture), r.Score.ToString("R", CultureInfo.InvariantCulture), r.Label.ToString(CultureInfo.InvariantCulture),
        Quote(r.TopFields), r.MapX.ToString("R", CultureInfo.InvariantCulture), r.MapY.ToString("R", CultureInfo.InvariantCulture));

    private static ScoreRow FromCsv(string line)
    {
        var f = SplitCsv(line);
        if (f.Count != 8) throw new FormatException($"expected 8 fields, got {f.Count}");
        return new ScoreRow
        {
            Source = f[0],
            Line = long.Parse(f[1], CultureInfo.InvariantCulture),
            Record = long.Parse(f[2], CultureInfo.InvariantCulture),
            Score = double.Parse(f[3], CultureInfo.InvariantCulture),
            Label = int.Parse(f[4], CultureInfo.InvariantCulture),
            TopFields = f[5],
            MapX = float.Parse(f[6], CultureInfo.InvariantCulture),
            MapY = float.Parse(f[7], CultureInfo.InvariantCulture),
        };
    }

    private static string Quote(string s) => s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields;
    }
}
