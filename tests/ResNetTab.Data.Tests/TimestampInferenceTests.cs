using System.Globalization;
using System.Text;
using ResNetTab.Data;

namespace ResNetTab.Data.Tests;

/// <summary>Timestamps inferred from values outside the OCSF schema (issue 19, item 6).</summary>
public class TimestampInferenceTests
{
    [Theory]
    [InlineData("2023-02-06T20:57:47Z", true)]
    [InlineData("2023-02-06 20:57:47", true)]
    [InlineData("2023-02-06T20:57:47.123+02:00", true)]
    [InlineData("2023-02-06t20:57:47.5z", true)]
    [InlineData("2023-02-06", false)]
    [InlineData("2023-13-45T99:99:99Z", false)]
    [InlineData("1675717067", false)]
    [InlineData("alice", false)]
    [InlineData("10.0.0.1", false)]
    public void Iso_8601_date_times_are_recognised_and_nothing_else(string text, bool expected) =>
        FieldStatistics.LooksLikeTimestamp(text).Should().Be(expected);

    [Theory]
    [InlineData(1.6e9, 1.7e9, "seconds")]
    [InlineData(1.6e12, 1.7e12, "milliseconds")]
    [InlineData(1.6e15, 1.7e15, "microseconds")]
    [InlineData(1.6e18, 1.7e18, "nanoseconds")]
    [InlineData(100, 5e9, null)]
    [InlineData(1.7e9, 1.7e9, null)]
    [InlineData(5e9, 9e11, null)]
    public void Epoch_units_are_read_from_the_range_of_values(double min, double max, string? unit) =>
        KindInference.EpochUnit(min, max).Should().Be(unit);

    [Fact]
    public void Iso_time_strings_without_class_uid_give_a_numerical_time_feature_shown_in_the_plan()
    {
        using var dir = new TestPaths.TempDir();
        var lines = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            var t = new DateTime(2023, 2, 6, 20, 57, 47, DateTimeKind.Utc).AddHours(i * 5);
            lines.Append(CultureInfo.InvariantCulture, $$"""{"time":"{{t:yyyy-MM-ddTHH:mm:ssZ}}","user":"{{(i % 2 == 0 ? "alice" : "bob")}}","bytes":{{100 + i * 37}}}""").Append('\n');
        }
        File.WriteAllText(dir.File("app.jsonl"), lines.ToString());
        var records = RecordReader.ReadFlat(dir.File("app.jsonl")).ToList();

        var pre = new TabularPreprocessor().Fit(records);

        var time = pre.Plan["time"]!;
        time.Kind.Should().Be(FeatureKind.Timestamp);
        time.KindReason.Should().Be("values are ISO-8601 timestamps");
        time.Selected.Should().BeTrue();
        pre.Plan["bytes"]!.Kind.Should().Be(FeatureKind.Numeric, "counts are not mistaken for times");
        pre.Plan.ToReport().Split('\n').Single(l => l.StartsWith("time ", StringComparison.Ordinal))
            .Should().Contain("Timestamp").And.EndWith("[values are ISO-8601 timestamps]");

        var batch = pre.Transform(records);
        pre.NumericalNames.Should().Contain(["time.hour_sin", "time.hour_cos", "time.dow_sin", "time.dow_cos"]);
        var hour = 20 + 57 / 60.0 + 47 / 3600.0;
        batch.GetNumerical(0, "time.hour_sin").Should().BeApproximately((float)Math.Sin(2 * Math.PI * hour / 24), 1e-6f);
    }

    [Fact]
    public void Epoch_number_fields_outside_the_schema_are_timestamps_by_their_values()
    {
        var records = Enumerable.Range(0, 30).Select(i =>
        {
            var r = new FlatRecord();
            r.Set("ts", FieldValue.FromNumber(1_675_717_067.25 + i * 3_600));          // Zeek: float seconds
            r.Set("event.created", FieldValue.FromNumber(1_675_717_067_000L + i * 1_000));
            r.Set("account_uid", FieldValue.FromNumber(1_675_717_067L + i));           // an identifier, not a time
            r.Set("duration", FieldValue.FromNumber(0.5 + i));
            return r;
        }).ToList();

        var plan = new TabularPreprocessor().Fit(records).Plan;

        plan["ts"]!.Kind.Should().Be(FeatureKind.Timestamp);
        plan["ts"]!.KindReason.Should().Be("values are epoch seconds (years 2000-2100)");
        plan["event.created"]!.KindReason.Should().Be("values are epoch milliseconds (years 2000-2100)");
        plan["account_uid"]!.Kind.Should().NotBe(FeatureKind.Timestamp);
        plan["duration"]!.Kind.Should().Be(FeatureKind.Numeric);
    }
}
