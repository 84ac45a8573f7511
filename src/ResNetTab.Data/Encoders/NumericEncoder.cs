using System.Globalization;
using ResNetTab.Data;

namespace ResNetTab.Data.Encoders;

/// <summary>
/// Numeric measure → <c>field</c> (optional log1p, then scaling, then clipping) and, when fit saw it
/// missing, <c>field.is_missing</c>. Missing, null, NaN, ±Inf and non-numeric values give 0 with the
/// indicator set; non-numeric values are also counted as wrong types in the drift report.
/// </summary>
public sealed class NumericEncoder : FieldEncoder
{
    /// <summary>Apply sign(x)·log1p(|x|) before scaling.</summary>
    public bool Log1p { get; init; }

    /// <summary>Scaling applied after log1p.</summary>
    public NumericScaling Scaling { get; init; }

    /// <summary>Median (robust scaling).</summary>
    public double Median { get; init; }

    /// <summary>Interquartile range (robust scaling); 1 when the fit IQR was 0.</summary>
    public double Iqr { get; init; } = 1;

    /// <summary>Fitted quantiles at <c>linspace(0, 1, n)</c> (quantile-normal scaling).</summary>
    public double[] Quantiles { get; init; } = [];

    /// <summary>Clip bound after scaling; 0 or less: off.</summary>
    public double Clip { get; init; }

    /// <summary>Whether the <c>.is_missing</c> column exists.</summary>
    public bool MissingIndicator { get; init; }

    /// <summary>Fits the encoder on a numeric sample.</summary>
    public static NumericEncoder Fit(string field, double[] sample, bool log1p, bool missingIndicator, FeaturePlanOptions o)
    {
        var values = sample.Where(double.IsFinite).Select(x => log1p ? NumericMath.SignedLog1p(x) : x).ToArray();
        Array.Sort(values);
        double median = 0, iqr = 1;
        double[] quantiles = [];
        if (values.Length > 0 && o.Scaling == NumericScaling.Robust)
        {
            median = NumericMath.Percentile(values, 50);
            iqr = NumericMath.Percentile(values, 75) - NumericMath.Percentile(values, 25);
            if (iqr == 0 || !double.IsFinite(iqr)) iqr = 1;
        }
        var scaling = o.Scaling;
        if (scaling == NumericScaling.QuantileNormal)
        {
            if (values.Length > 0) quantiles = NumericMath.FitQuantiles(values, o.QuantileCount);
            else scaling = NumericScaling.None;
        }
        return new NumericEncoder
        {
            Field = field,
            Log1p = log1p,
            Scaling = scaling,
            Median = median,
            Iqr = iqr,
            Quantiles = quantiles,
            Clip = o.Clip,
            MissingIndicator = missingIndicator,
        };
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> NumericalNames() => MissingIndicator ? [Field, Field + ".is_missing"] : [Field];

    /// <inheritdoc />
    public override string Describe()
    {
        var scale = Scaling switch
        {
            NumericScaling.Robust => string.Create(CultureInfo.InvariantCulture, $"robust(median={Median:G6}, iqr={Iqr:G6})"),
            NumericScaling.QuantileNormal => $"quantile-normal({Quantiles.Length} quantiles)",
            _ => "unscaled",
        };
        return (Log1p ? "log1p, " : "") + scale + (Clip > 0 ? string.Create(CultureInfo.InvariantCulture, $", clip ±{Clip:G3}") : "")
            + (MissingIndicator ? ", is_missing" : "");
    }

    /// <summary>The transform of one finite value (without missing handling).</summary>
    public double TransformValue(double x)
    {
        if (Log1p) x = NumericMath.SignedLog1p(x);
        x = Scaling switch
        {
            NumericScaling.Robust => (x - Median) / Iqr,
            NumericScaling.QuantileNormal => NumericMath.QuantileNormal(x, Quantiles),
            _ => x,
        };
        return Clip > 0 ? Math.Clamp(x, -Clip, Clip) : x;
    }

    /// <inheritdoc />
    internal override string? FindProblem()
    {
        if (Quantiles == null) return "\"quantiles\" is null";
        if (Scaling == NumericScaling.QuantileNormal)
        {
            if (Quantiles.Length < 2) return "quantile-normal scaling needs at least 2 quantiles";
            for (var i = 0; i < Quantiles.Length; i++)
            {
                if (!double.IsFinite(Quantiles[i])) return $"quantile {i} is not a finite number";
                if (i > 0 && Quantiles[i] < Quantiles[i - 1]) return $"quantile {i} is smaller than quantile {i - 1}";
            }
        }
        if (Scaling == NumericScaling.Robust && (!double.IsFinite(Median) || !double.IsFinite(Iqr) || Iqr == 0))
            return "robust scaling needs a finite median and a finite, non-zero IQR";
        return null;
    }

    /// <inheritdoc />
    internal override void Encode(FieldValue? value, Span<float> numerical, Span<long> categorical, DriftTally drift)
    {
        var ok = false;
        if (value is { IsNull: false } v)
        {
            if (v.Kind == FieldValueKind.String && !v.TryGetNumber(out _)) drift.WrongType(Field);
            else if (v.TryGetNumber(out var x) && double.IsFinite(x))
            {
                // Unclipped extremes (±1e308) stay within float range instead of becoming infinite.
                numerical[0] = (float)Math.Clamp(TransformValue(x), -float.MaxValue, float.MaxValue);
                ok = true;
            }
        }
        if (!ok) numerical[0] = 0;
        if (MissingIndicator) numerical[1] = ok ? 0 : 1;
    }
}
