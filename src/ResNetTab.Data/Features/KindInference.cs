using ResNetTab.Data.Ocsf;

namespace ResNetTab.Data;

/// <summary>
/// Decides the kind of a path: overrides first, then array summaries, then the OCSF schema (by attribute
/// name) for fields it describes, then name conventions (<c>*_id</c> codes, <c>*_time</c> timestamps), then
/// the values themselves.
/// </summary>
internal static class KindInference
{
    /// <summary>
    /// Kind of a path and a short reason. <paramref name="classifiedShare"/> is the share of the field's values
    /// seen in records with a class field: the OCSF schema decides only for fields seen mostly in such (OCSF)
    /// records, outside <c>unmapped.*</c>.
    /// </summary>
    public static (FeatureKind Kind, OcsfKind Ocsf, string Reason) Infer(FieldStatistics s, FeaturePlanOptions o,
        IReadOnlyList<(Glob Glob, FeatureKind Kind)> overrides, double classifiedShare = 1.0)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var (glob, kind) in overrides)
            if (glob.IsMatch(s.Path)) return (kind, OcsfKind.Unknown, $"override '{glob.Pattern}'");

        if (s.Path.EndsWith(".len", StringComparison.Ordinal)) return (FeatureKind.Numeric, OcsfKind.Unknown, "array length");
        if (s.Path.EndsWith(".set", StringComparison.Ordinal)) return (FeatureKind.Categorical, OcsfKind.Unknown, "array value set");
        if (s.Bags * 2 > s.Present) return (FeatureKind.ArrayBag, OcsfKind.Unknown, "values of a field across an array of objects");

        var attr = OcsfAttributeKinds.AttributeOf(s.Path);
        var inSchema = o.UseOcsfSchema && classifiedShare >= 0.5 && !FeaturePlanner.IsUnmapped(s.Path);
        var ocsf = inSchema ? OcsfAttributeKinds.KindOf(attr) : OcsfKind.Unknown;
        var mostlyNumbers = s.Numbers * 2 > s.Present;
        var mostlyNumeric = s.NumericReadings * 2 > s.Present;
        var mostlyIps = s.Strings > 0 && s.IpLike >= 0.9 * s.Strings;

        switch (ocsf)
        {
            case OcsfKind.CategoricalEnum: return (FeatureKind.Categorical, ocsf, "OCSF enum");
            case OcsfKind.Port: return (FeatureKind.Categorical, ocsf, "OCSF port_t");
            case OcsfKind.Boolean: return (FeatureKind.Boolean, ocsf, "OCSF boolean_t");
            case OcsfKind.Json: return (FeatureKind.Identifier, ocsf, "OCSF json_t (free form)");
            case OcsfKind.Timestamp: return (FeatureKind.Timestamp, ocsf, mostlyNumbers ? "OCSF timestamp_t" : "OCSF timestamp_t (text dates)");
            case OcsfKind.DateTimeString: return (FeatureKind.Timestamp, ocsf, "OCSF datetime_t");
            case OcsfKind.IpAddress: return (FeatureKind.IpAddress, ocsf, mostlyIps ? "OCSF ip_t" : "OCSF ip_t (some values are not addresses)");
            case OcsfKind.Numeric when mostlyNumeric: return (FeatureKind.Numeric, ocsf, "OCSF numeric");
        }

        if (mostlyNumbers && (attr.EndsWith("_id", StringComparison.Ordinal) || attr.EndsWith("_ids", StringComparison.Ordinal) || attr == "id"))
            return (FeatureKind.Categorical, ocsf, "name *_id: a code");
        if (mostlyNumbers && (attr == "time" || attr.EndsWith("_time", StringComparison.Ordinal)))
            return (FeatureKind.Timestamp, ocsf, "name *_time: epoch time");

        // Outside the schema (a folder that is not pure OCSF, unmapped fields) the values themselves can say "time".
        if (s.Strings * 2 > s.Present && s.TimestampLike >= 0.9 * s.Strings)
            return (FeatureKind.Timestamp, ocsf, "values are ISO-8601 timestamps");
        if (mostlyNumbers && !LooksLikeIdentifier(attr) && EpochUnit(s.Min, s.Max) is { } unit)
            return (FeatureKind.Timestamp, ocsf, $"values are epoch {unit} (years 2000-2100)");

        if (s.Booleans * 2 > s.Present) return (FeatureKind.Boolean, ocsf, "values are booleans");
        if (mostlyNumbers) return (FeatureKind.Numeric, ocsf, "values are numbers");
        if (mostlyIps) return (FeatureKind.IpAddress, ocsf, "values are IP addresses");
        return (FeatureKind.Categorical, ocsf, "values are strings");
    }

    private static bool LooksLikeIdentifier(string attr) =>
        attr is "id" or "uid" || attr.EndsWith("_uid", StringComparison.Ordinal) || attr.EndsWith("_id", StringComparison.Ordinal);

    // Epoch bounds of 2000-01-01 and 2100-01-01 in seconds; every reading must fall in one unit's range, so counts
    // and sizes (which start near zero) are not mistaken for times.
    private const double EpochFrom = 946_684_800, EpochTo = 4_102_444_800;

    /// <summary>The epoch unit in which every reading from <paramref name="min"/> to <paramref name="max"/> is a time in 2000–2100, or null.</summary>
    internal static string? EpochUnit(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min >= max) return null;
        foreach (var (scale, unit) in (ReadOnlySpan<(double, string)>)[(1, "seconds"), (1e3, "milliseconds"), (1e6, "microseconds"), (1e9, "nanoseconds")])
            if (min >= EpochFrom * scale && max <= EpochTo * scale) return unit;
        return null;
    }
}
