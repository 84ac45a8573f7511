using System.Globalization;

namespace ResNetTab.Anomaly;

/// <summary>
/// Expected proportion of anomalies in the training data, as scikit-learn's <c>contamination</c>:
/// either a fraction in (0, 0.5] or <see cref="Auto"/>.
/// </summary>
/// <remarks>
/// With a fraction the threshold is the matching percentile of the training scores. With <see cref="Auto"/>
/// detectors that define a natural offset use it (Isolation Forest −0.5, Local Outlier Factor −1.5, as
/// scikit-learn); the others fall back to <see cref="DefaultFraction"/> (0.1, PyOD's default).
/// </remarks>
public readonly record struct Contamination
{
    /// <summary>Fraction used by detectors without a natural 'auto' offset (PyOD's default 0.1).</summary>
    public const double DefaultFraction = 0.1;

    private readonly double _fraction;

    private Contamination(double fraction) => _fraction = fraction;

    /// <summary>The 'auto' setting.</summary>
    public static Contamination Auto => default;

    /// <summary>True for 'auto'.</summary>
    public bool IsAuto => _fraction == 0;

    /// <summary>The fraction; throws for 'auto'.</summary>
    public double Fraction => IsAuto ? throw new InvalidOperationException("Contamination is 'auto'.") : _fraction;

    /// <summary>A fixed fraction in (0, 0.5], as scikit-learn accepts.</summary>
    /// <param name="fraction">Expected share of anomalies.</param>
    /// <exception cref="ArgumentOutOfRangeException">Outside (0, 0.5].</exception>
    public static Contamination Of(double fraction)
    {
        if (!(fraction > 0 && fraction <= 0.5))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Contamination must be in (0, 0.5] or 'auto'.");
        return new Contamination(fraction);
    }

    /// <summary>Parses "auto" or a number such as "0.05".</summary>
    /// <param name="text">The setting as text.</param>
    public static Contamination Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.Equals(text.Trim(), "auto", StringComparison.OrdinalIgnoreCase)) return Auto;
        return Of(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>Same as <see cref="Of"/>.</summary>
    /// <param name="fraction">Expected share of anomalies.</param>
    public static implicit operator Contamination(double fraction) => Of(fraction);

    /// <inheritdoc />
    public override string ToString() => IsAuto ? "auto" : _fraction.ToString("R", CultureInfo.InvariantCulture);
}
