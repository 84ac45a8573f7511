using ResNetTab.Data.Encoders;
using ResNetTab.Data.Ocsf;

namespace ResNetTab.Data;

/// <summary>Builds the fitted encoder of a selected field from its statistics.</summary>
internal static class EncoderFactory
{
    private static readonly string[] HeavyTailNames = ["bytes", "packets", "duration", "count", "size", "length"];

    /// <summary>Creates the encoder for <paramref name="plan"/>.</summary>
    public static FieldEncoder Create(FieldPlan plan, FieldStatistics stats, long rows, FeaturePlanOptions o)
    {
        var sometimesMissing = stats.Present < rows;
        return plan.Kind switch
        {
            FeatureKind.Numeric => NumericEncoder.Fit(plan.Path, stats.NumericSample(), WantsLog1p(stats, o),
                sometimesMissing || stats.NumericReadings < stats.Present, o),
            FeatureKind.Categorical => CategoricalEncoder.Fit(plan.Path, stats.CategoryCounts, stats.DistinctOverflow,
                o.MinFrequency, o.MaxVocabulary, o.HashBuckets),
            FeatureKind.Boolean => new BooleanEncoder { Field = plan.Path, MissingIndicator = sometimesMissing },
            FeatureKind.Timestamp => new TimestampEncoder { Field = plan.Path, MissingIndicator = sometimesMissing },
            FeatureKind.IpAddress => new IpEncoder { Field = plan.Path, HashBuckets = o.IpHashBuckets },
            FeatureKind.ArrayBag => ArrayBagEncoder.Fit(plan.Path, stats.CategoryCounts, stats.DistinctOverflow, o.BagMaxVocabulary, o.BagHashBuckets),
            _ => throw new InvalidOperationException($"Field '{plan.Path}' of kind {plan.Kind} is not encodable."),
        };
    }

    /// <summary>
    /// log1p rule: <see cref="Log1pMode.Always"/>, <see cref="Log1pMode.Never"/>, or (Auto) when every value
    /// is non-negative and either the attribute name speaks of bytes, packets, duration, count, size or length
    /// (array lengths included), or the sample is heavy-tailed: p99 &gt; 100 × (median + 1).
    /// </summary>
    public static bool WantsLog1p(FieldStatistics s, FeaturePlanOptions o)
    {
        if (o.Log1p == Log1pMode.Always) return true;
        if (o.Log1p == Log1pMode.Never || s.NumericReadings == 0 || s.Min < 0) return false;
        var attr = OcsfAttributeKinds.AttributeOf(s.Path);
        if (s.Path.EndsWith(".len", StringComparison.Ordinal) || HeavyTailNames.Any(n => attr.Contains(n, StringComparison.OrdinalIgnoreCase)))
            return true;
        var sample = s.NumericSample();
        Array.Sort(sample);
        return NumericMath.Percentile(sample, 99) > 100 * (NumericMath.Percentile(sample, 50) + 1);
    }
}
