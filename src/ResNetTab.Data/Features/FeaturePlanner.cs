using System.Globalization;

namespace ResNetTab.Data.Features;

/// <summary>
/// Turns fit statistics into a <see cref="FeaturePlan"/>. Drop rules, in order: never present;
/// not included / excluded; identifier kind or near-unique strings; constant (one value, never missing);
/// missing rate above the limit; beyond <see cref="FeaturePlanOptions.MaxFeatures"/> by coverage.
/// </summary>
public static class FeaturePlanner
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

        var plans = new List<FieldPlan>();
        foreach (var s in stats.Fields.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var (kind, ocsf, why) = KindInference.Infer(s, options, overrides);
            var missing = 1.0 - (double)s.Present / rows;
            string? drop = null;
            if (s.Present == 0) drop = "always missing";
            else if (include.Count > 0 && !Glob.AnyMatch(include, s.Path)) drop = "not included";
            else if (Glob.AnyMatch(exclude, s.Path)) drop = "excluded";
            else if (kind == FeatureKind.Identifier) drop = "identifier / free text";
            else if (kind == FeatureKind.Categorical && s.Strings * 2 > s.Present && s.Present >= options.NearUniqueMinCount
                     && (double)s.Distinct / s.Present >= options.NearUniqueRatio)
            {
                kind = FeatureKind.Identifier;
                why = "near-unique strings";
                drop = string.Create(CultureInfo.InvariantCulture, $"near-unique ({s.Distinct} distinct in {s.Present})");
            }
            else if (s.Distinct == 1 && !s.DistinctOverflow && s.Present == stats.Rows) drop = "constant";
            else if (missing > options.MaxMissingRate) drop = string.Create(CultureInfo.InvariantCulture, $"missing rate {missing:P1} above {options.MaxMissingRate:P1}");

            plans.Add(new FieldPlan
            {
                Path = s.Path,
                Kind = kind,
                Ocsf = ocsf,
                KindReason = why,
                MissingRate = missing,
                Cardinality = s.Distinct,
                CardinalityIsLowerBound = s.DistinctOverflow,
                Selected = drop == null,
                Encoding = drop ?? "",
            });
        }

        // The cap keeps the fields most often present: they carry signal in most rows.
        var keep = plans.Where(p => p.Selected)
            .OrderBy(p => p.MissingRate).ThenBy(p => p.Path, StringComparer.Ordinal)
            .Take(Math.Max(0, options.MaxFeatures))
            .Select(p => p.Path)
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < plans.Count; i++)
            if (plans[i].Selected && !keep.Contains(plans[i].Path))
                plans[i] = plans[i] with { Selected = false, Encoding = $"over the feature cap ({options.MaxFeatures})" };

        var ordered = plans.Where(p => p.Selected).Concat(plans.Where(p => !p.Selected)).ToList();
        return new FeaturePlan(ordered, stats.Rows);
    }
}
