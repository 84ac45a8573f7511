using ResNetTab.Data.Encoders;

namespace ResNetTab.Data;

/// <summary>
/// Checks that a loaded preprocessor document holds everything the encoders need and nothing that would make the
/// library allocate or loop beyond what the file itself can describe: no null lists, defined enum values, usable
/// parameters, bucket counts within <see cref="MaxBuckets"/>, and column lists that agree with the encoders. Sizes are
/// checked before anything is built from them.
/// </summary>
internal static class PreprocessorValidation
{
    /// <summary>Largest hash-bucket count a loaded encoder may have (an embedding table of this many rows is already large).</summary>
    public const int MaxBuckets = 1 << 24;

    /// <summary>Largest flattening depth or first-k a loaded file may ask for.</summary>
    public const int MaxFlattenLimit = 1 << 10;

    /// <summary>The first problem found, naming the member (and encoder field), or null when the document is usable.</summary>
    public static string? FindProblem(PreprocessorDocument doc)
    {
        if (doc.Options == null) return "\"options\" is missing or null";
        if (OptionsProblem(doc.Options) is { } options) return options;
        if (doc.FitRows < 0) return "\"fitRows\" is negative";
        if (doc.Fingerprint == null) return "\"fingerprint\" is null";
        if (doc.Plan == null) return "\"plan\" is missing or null";
        for (var i = 0; i < doc.Plan.Count; i++)
            if (PlanProblem(doc.Plan[i]) is { } plan) return $"\"plan\" entry {i}: {plan}";
        if (doc.Encoders == null) return "\"encoders\" is missing or null";
        if (doc.KnownFields == null) return "\"knownFields\" is missing or null";
        if (doc.KnownFields.Any(f => f == null)) return "\"knownFields\" holds a null";
        if (doc.NumericalNames == null || doc.CategoricalNames == null || doc.Cardinalities == null)
            return "\"numericalNames\", \"categoricalNames\" or \"cardinalities\" is missing or null";
        if (doc.CategoricalNames.Count != doc.Cardinalities.Count)
            return $"\"categoricalNames\" has {doc.CategoricalNames.Count} names but \"cardinalities\" {doc.Cardinalities.Count} entries";
        long numerical = 0, categorical = 0;
        for (var i = 0; i < doc.Encoders.Count; i++)
        {
            var e = doc.Encoders[i];
            if (e == null) return $"encoder {i} is null";
            if (string.IsNullOrEmpty(e.Field)) return $"encoder {i} has no \"field\"";
            if (EncoderProblem(e) is { } problem) return $"encoder {i} (field '{e.Field}'): {problem}";
            // Column counts before any name is built: a hashed bag's buckets are columns, each named in the file.
            numerical += e.NumericalWidth;
            categorical += e.CategoricalNames().Count;
            if (numerical > doc.NumericalNames.Count)
                return $"encoder {i} (field '{e.Field}'): the encoders produce more numerical columns than the {doc.NumericalNames.Count} \"numericalNames\" listed";
            if (categorical > doc.CategoricalNames.Count)
                return $"encoder {i} (field '{e.Field}'): the encoders produce more categorical columns than the {doc.CategoricalNames.Count} \"categoricalNames\" listed";
        }
        if (numerical != doc.NumericalNames.Count) return $"\"numericalNames\" lists {doc.NumericalNames.Count} columns but the encoders produce {numerical}";
        if (categorical != doc.CategoricalNames.Count) return $"\"categoricalNames\" lists {doc.CategoricalNames.Count} columns but the encoders produce {categorical}";
        var names = doc.Encoders.SelectMany(e => e.NumericalNames()).ToList();
        if (!names.SequenceEqual(doc.NumericalNames, StringComparer.Ordinal)) return "\"numericalNames\" do not match the encoders' columns";
        if (!doc.Encoders.SelectMany(e => e.CategoricalNames()).SequenceEqual(doc.CategoricalNames, StringComparer.Ordinal))
            return "\"categoricalNames\" do not match the encoders' columns";
        if (!doc.Encoders.SelectMany(e => e.Cardinalities()).SequenceEqual(doc.Cardinalities)) return "\"cardinalities\" do not match the encoders";
        return null;
    }

    private static string? OptionsProblem(FeaturePlanOptions o)
    {
        if (o.Flatten == null) return "\"options.flatten\" is missing or null";
        if (o.Flatten.MaxDepth is < 1 or > MaxFlattenLimit) return $"\"options.flatten.maxDepth\" is {o.Flatten.MaxDepth}, not within 1..{MaxFlattenLimit}";
        if (o.Flatten.ArrayFirstK is < 0 or > MaxFlattenLimit) return $"\"options.flatten.arrayFirstK\" is {o.Flatten.ArrayFirstK}, not within 0..{MaxFlattenLimit}";
        if (o.Include == null || o.Exclude == null || o.KindOverrides == null || o.EntityKeys == null)
            return "a list in \"options\" is null";
        if (o.Include.Any(g => g == null) || o.Exclude.Any(g => g == null) || o.EntityKeys.Any(k => k == null)) return "a list in \"options\" holds a null";
        if (o.KindOverrides.Any(kv => kv.Key == null || !Enum.IsDefined(kv.Value))) return "\"options.kindOverrides\" holds an unknown kind";
        if (o.EntityTimeField == null) return "\"options.entityTimeField\" is null";
        if (!Enum.IsDefined(o.Scaling)) return "\"options.scaling\" is not a known scaling";
        if (!Enum.IsDefined(o.Log1p)) return "\"options.log1p\" is not a known mode";
        return null;
    }

    private static string? PlanProblem(FieldPlan? p)
    {
        if (p == null || string.IsNullOrEmpty(p.Path)) return "no \"path\"";
        if (!Enum.IsDefined(p.Kind)) return $"field '{p.Path}': \"kind\" is not a known kind";
        if (!Enum.IsDefined(p.Ocsf)) return $"field '{p.Path}': \"ocsf\" is not a known OCSF kind";
        if (p.KindReason == null || p.Encoding == null || p.LeastMissingClass == null) return $"field '{p.Path}': a text member is null";
        if (p.Cardinality < 0) return $"field '{p.Path}': \"cardinality\" is negative";
        if (!(p.MissingRate is >= 0 and <= 1) || !(p.ClassMissingRate is >= 0 and <= 1)) return $"field '{p.Path}': a missing rate is not within 0..1";
        return null;
    }

    private static string? EncoderProblem(FieldEncoder e)
    {
        switch (e)
        {
            case CategoricalEncoder { HashBuckets: > MaxBuckets } c: return $"\"hashBuckets\" is {c.HashBuckets}, more than {MaxBuckets}";
            case ArrayBagEncoder { HashBuckets: > MaxBuckets } b: return $"\"hashBuckets\" is {b.HashBuckets}, more than {MaxBuckets}";
            case IpEncoder { HashBuckets: > MaxBuckets } ip: return $"\"hashBuckets\" is {ip.HashBuckets}, more than {MaxBuckets}";
            case NumericEncoder n when !Enum.IsDefined(n.Scaling): return "\"scaling\" is not a known scaling";
            case NumericEncoder n when double.IsNaN(n.Clip): return "\"clip\" is not a number";
        }
        return e.FindProblem();
    }
}
