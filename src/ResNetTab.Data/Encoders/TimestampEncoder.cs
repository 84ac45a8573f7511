using System.Globalization;
using ResNetTab.Data;

namespace ResNetTab.Data.Encoders;

/// <summary>
/// Timestamp → <c>field.hour_sin</c>, <c>field.hour_cos</c> (fractional UTC hour h: angle 2πh/24),
/// <c>field.dow_sin</c>, <c>field.dow_cos</c> (UTC day of week d, Sunday = 0: angle 2πd/7) and, when fit
/// saw it missing, <c>field.is_missing</c>. Numbers are epoch time whose unit is read from the magnitude
/// (see <see cref="ToEpochMilliseconds"/>); strings are parsed as ISO 8601 / RFC 3339 (UTC if no offset).
/// </summary>
public sealed class TimestampEncoder : FieldEncoder
{
    // sin/cos of 2πd/7 for each weekday, computed once.
    private static readonly (double Sin, double Cos)[] DayAngles = [.. Enumerable.Range(0, 7).Select(d => Math.SinCos(2 * Math.PI * d / 7))];

    /// <summary>Whether the <c>.is_missing</c> column exists.</summary>
    public bool MissingIndicator { get; init; }

    /// <inheritdoc />
    public override IReadOnlyList<string> NumericalNames()
    {
        var names = new List<string> { Field + ".hour_sin", Field + ".hour_cos", Field + ".dow_sin", Field + ".dow_cos" };
        if (MissingIndicator) names.Add(Field + ".is_missing");
        return names;
    }

    /// <inheritdoc />
    public override string Describe() => "hour/day-of-week sin/cos" + (MissingIndicator ? ", is_missing" : "");

    /// <summary>
    /// Epoch milliseconds of a value. Numbers: |x| &lt; 1e11 → seconds, &lt; 1e14 → milliseconds (OCSF),
    /// &lt; 1e17 → microseconds, else nanoseconds. Strings: DateTimeOffset, invariant culture.
    /// </summary>
    public static bool ToEpochMilliseconds(FieldValue value, out double ms)
    {
        ms = double.NaN;
        switch (value.Kind)
        {
            case FieldValueKind.Number when double.IsFinite(value.Number):
                var x = value.Number;
                var a = Math.Abs(x);
                ms = a < 1e11 ? x * 1000 : a < 1e14 ? x : a < 1e17 ? x / 1e3 : x / 1e6;
                return true;
            case FieldValueKind.String when DateTimeOffset.TryParse(value.Text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var dto):
                ms = dto.ToUnixTimeMilliseconds();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Fractional UTC hour of day (0 ≤ h &lt; 24) of epoch milliseconds.</summary>
    public static double HourOfDay(double ms)
    {
        const double Day = 86_400_000;
        var r = ms % Day;
        if (r < 0) r += Day;
        return r / 3_600_000.0;
    }

    /// <summary>UTC day of week of epoch milliseconds, Sunday = 0 (1970-01-01 was a Thursday, 4).</summary>
    public static int DayOfWeek(double ms)
    {
        var days = (long)Math.Floor(ms / 86_400_000.0);
        return (int)(((days + 4) % 7 + 7) % 7);
    }

    /// <inheritdoc />
    internal override void Encode(FieldValue? value, Span<float> numerical, Span<long> categorical, DriftTally drift)
    {
        var ok = false;
        if (value is { IsNull: false } v)
        {
            if (ToEpochMilliseconds(v, out var ms))
            {
                var (hs, hc) = Math.SinCos(2 * Math.PI * HourOfDay(ms) / 24);
                var (ds, dc) = DayAngles[DayOfWeek(ms)];
                numerical[0] = (float)hs;
                numerical[1] = (float)hc;
                numerical[2] = (float)ds;
                numerical[3] = (float)dc;
                ok = true;
            }
            else drift.WrongType(Field);
        }
        if (!ok) numerical[..4].Clear();
        if (MissingIndicator) numerical[4] = ok ? 0 : 1;
    }
}
