using System.Globalization;

namespace ResNetTab.Anomaly;

/// <summary>A size given as 'auto', an absolute count or a fraction, as scikit-learn's <c>max_samples</c>/<c>max_features</c>.</summary>
public readonly record struct SampleSize
{
    private SampleSize(int count, double fraction)
    {
        Count = count;
        Fraction = fraction;
    }

    /// <summary>'auto' (for <c>max_samples</c>: min(256, n)).</summary>
    public static SampleSize Auto => default;

    /// <summary>The absolute count, or 0 when not a count.</summary>
    public int Count { get; }

    /// <summary>The fraction, or 0 when not a fraction.</summary>
    public double Fraction { get; }

    /// <summary>True for 'auto'.</summary>
    public bool IsAuto => Count == 0 && Fraction == 0;

    /// <summary>An absolute count (scikit-learn's int).</summary>
    /// <param name="count">Positive count.</param>
    public static SampleSize Of(int count) =>
        count > 0 ? new SampleSize(count, 0) : throw new ArgumentOutOfRangeException(nameof(count), count, "Count must be positive.");

    /// <summary>A fraction in (0, 1] (scikit-learn's float).</summary>
    /// <param name="fraction">Share of the available rows or features.</param>
    public static SampleSize OfFraction(double fraction) =>
        fraction > 0 && fraction <= 1
            ? new SampleSize(0, fraction)
            : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Fraction must be in (0, 1].");

    /// <inheritdoc />
    public override string ToString() =>
        IsAuto ? "auto" : Count > 0 ? Count.ToString(CultureInfo.InvariantCulture) : Fraction.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses "auto", an integer count or a fraction written with a decimal point.</summary>
    /// <param name="text">The size as text.</param>
    public static SampleSize Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "auto") return Auto;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int c)) return Of(c);
        return OfFraction(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }
}
