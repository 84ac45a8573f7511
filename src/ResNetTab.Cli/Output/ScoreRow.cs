using ResNetTab.Pipeline;
using System.Globalization;

namespace ResNetTab.Cli.Output;

/// <summary>One line of a scores file (the same columns in JSON Lines, CSV and Parquet).</summary>
internal sealed class ScoreRow
{
    public string Source { get; set; } = "";

    public long Line { get; set; }

    public long Record { get; set; }

    public double Score { get; set; }

    public int Label { get; set; }

    /// <summary><c>field=share;field=share</c>, largest first.</summary>
    public string TopFields { get; set; } = "";

    public float MapX { get; set; }

    public float MapY { get; set; }

    public static ScoreRow From(ScoredEvent e) => new()
    {
        Source = e.Source,
        Line = e.Line,
        Record = e.Record,
        Score = e.Score,
        Label = e.IsAnomaly ? 1 : 0,
        TopFields = string.Join(';', e.TopFields.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Field}={f.Share:0.####}"))),
        MapX = e.MapX,
        MapY = e.MapY,
    };

    /// <summary>The fields of <see cref="TopFields"/> with their shares.</summary>
    public IEnumerable<(string Field, double Share)> Fields() =>
        TopFields.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var i = p.LastIndexOf('=');
            return i < 0 ? (p, 0.0) : (p[..i], double.Parse(p[(i + 1)..], CultureInfo.InvariantCulture));
        });
}
