using System.Globalization;

namespace ResNetTab.Data;

/// <summary>
/// Turns fit statistics into a <see cref="FeaturePlan"/>. Drop rules, in order: never present;
/// not included / excluded; <c>unmapped.*</c> unless <see cref="FeaturePlanOptions.IncludeUnmapped"/>;
/// identifier kind; an array aggregate <c>path[].x</c> beside <c>path[].x_id</c> (the OCSF caption of an enum) or of an
/// array that never had more than one element (<c>path[0].x</c> holds the same); near-unique strings; constant (one value, never missing); missing rate (within the
/// event class where the field is least missing) above the limit; beyond <see cref="FeaturePlanOptions.MaxFeatures"/>.
/// </summary>
internal static class FeaturePlanner
{
    /// <summary>Builds the plan.</summary>
    public static FeaturePlan Plan(DatasetStatistics stats, FeaturePlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(options);
        var include = options.Include.Select(p => new Glob(p)).ToList();
        var exclude = options.Exclude.Select(p => new Glob(p)).ToList();
        var overrides = options.KindOverrides.Select(kv => (new Glob(kv.Key), kv.Value)).ToList();
        var rows = Math.Max(1, stats.Rows);
        var byClass = !string.IsNullOrEmpty(options.ClassField);

        var plans = new List<FieldPlan>();
        foreach (var s in stats.Fields.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var classified = byClass ? stats.ClassifiedShare(s) : 1.0;
            var (kind, ocsf, why) = KindInference.Infer(s, options, overrides, classified);
            var missing = 1.0 - (double)s.Present / rows;
            var (classMissing, leastMissingClass) = byClass ? stats.LowestClassMissingRate(s) : (missing, DatasetStatistics.NoClass);
            string? drop = null;
            if (s.Present == 0) drop = "always missing";
            else if (include.Count > 0 && !Glob.AnyMatch(include, s.Path)) drop = "not included";
            else if (Glob.AnyMatch(exclude, s.Path)) drop = "excluded";
            else if (IsUnmapped(s.Path) && !options.IncludeUnmapped) drop = "unmapped (set IncludeUnmapped to encode unmapped.* fields)";
            else if (kind == FeatureKind.Identifier) drop = "identifier / free text";
            else if (kind == FeatureKind.ArrayBag && stats.Fields.ContainsKey(s.Path + "_id"))
                drop = $"caption of {s.Path}_id (the same values as text)";
            else if (kind == FeatureKind.ArrayBag && SingleElement(stats, s.Path, options) is { } first)
                drop = $"the array never has more than one element: {first} holds the same";
            else if (NearUnique(s, kind, options) is { } reason)
            {
                kind = FeatureKind.Identifier;
                why = "near-unique strings";
                drop = reason;
            }
            else if (s.Distinct == 1 && !s.DistinctOverflow && s.Present == stats.Rows) drop = "constant";
            else if (classMissing > options.MaxMissingRate)
                drop = byClass && stats.Classes.Count > 1
                    ? string.Create(CultureInfo.InvariantCulture, $"missing rate {classMissing:P1} above {options.MaxMissingRate:P1} in every {options.ClassField}")
                    : string.Create(CultureInfo.InvariantCulture, $"missing rate {classMissing:P1} above {options.MaxMissingRate:P1}");

            plans.Add(new FieldPlan
            {
                Path = s.Path,
                Kind = kind,
                Ocsf = ocsf,
                KindReason = why,
                MissingRate = missing,
                ClassMissingRate = classMissing,
                LeastMissingClass = leastMissingClass,
                Cardinality = s.Distinct,
                CardinalityIsLowerBound = s.DistinctOverflow,
                Selected = drop == null,
                Encoding = drop ?? "",
            });
        }

        // The cap keeps the fields most often present within their class: they carry signal in most rows of it.
        // Unmapped fields (when included) come after all others, so they never push a mapped field out.
        var keep = plans.Where(p => p.Selected)
            .OrderBy(p => IsUnmapped(p.Path)).ThenBy(p => p.ClassMissingRate).ThenBy(p => p.MissingRate).ThenBy(p => p.Path, StringComparer.Ordinal)
            .Take(Math.Max(0, options.MaxFeatures))
            .Select(p => p.Path)
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < plans.Count; i++)
            if (plans[i].Selected && !keep.Contains(plans[i].Path))
                plans[i] = plans[i] with { Selected = false, Encoding = $"over the feature cap ({options.MaxFeatures})" };

        var ordered = plans.Where(p => p.Selected).Concat(plans.Where(p => !p.Selected)).ToList();
        return new FeaturePlan(ordered, stats.Rows);
    }

    /// <summary>
    /// For an array aggregate <c>a.b[].c</c> whose array <c>a.b</c> never had more than one element at fit and whose
    /// first element is flattened: the path <c>a.b[0].c</c> that already holds the same value; otherwise null.
    /// </summary>
    private static string? SingleElement(DatasetStatistics stats, string path, FeaturePlanOptions options)
    {
        var marker = path.LastIndexOf("[].", StringComparison.Ordinal);
        if (marker < 0 || !options.Flatten.FlattenFirstObject) return null;
        var array = path[..marker];
        if (!stats.Fields.TryGetValue(array + ".len", out var length) || length.Max > 1) return null;
        return array + "[0]." + path[(marker + 3)..];
    }

    /// <summary>True for <c>unmapped</c> and every path under it.</summary>
    public static bool IsUnmapped(string path) =>
        path.StartsWith("unmapped", StringComparison.Ordinal) && (path.Length == 8 || path[8] is '.' or '[');

    /// <summary>Why a categorical string field is an identifier, or null (see <see cref="FeaturePlanOptions.NearUniqueRatio"/>).</summary>
    private static string? NearUnique(FieldStatistics s, FeatureKind kind, FeaturePlanOptions o)
    {
        if (kind == FeatureKind.ArrayBag)
        {
            var rareItems = s.RareShare(o.MinFrequency);
            return rareItems >= o.NearUniqueRatio && s.BagItems > 0
                ? string.Create(CultureInfo.InvariantCulture,
                    $"near-unique array values ({s.Distinct} distinct in {s.BagItems}; {rareItems * 100:F0}% seen fewer than {o.MinFrequency} times)")
                : null;
        }
        if (kind != FeatureKind.Categorical) return null;
        if (s.Strings * 2 <= s.Present)
        {
            // Codes (numbers): dropped only when no value could enter the vocabulary (it would be all "unknown").
            return s.RareShare(o.MinFrequency) >= 1.0
                ? string.Create(CultureInfo.InvariantCulture, $"near-unique ({s.Distinct} distinct in {s.Present}; no value seen {o.MinFrequency} times)")
                : null;
        }
        if (s.Present >= o.NearUniqueMinCount && (double)s.Distinct / s.Present >= o.NearUniqueRatio)
            return string.Create(CultureInfo.InvariantCulture, $"near-unique ({s.Distinct} distinct in {s.Present})");
        var rare = s.RareShare(o.MinFrequency);
        if (rare >= o.NearUniqueRatio)
            return string.Create(CultureInfo.InvariantCulture,
                $"near-unique ({s.Distinct} distinct in {s.Present}; {rare * 100:F0}% of values seen fewer than {o.MinFrequency} times)");
        return null;
    }
}
