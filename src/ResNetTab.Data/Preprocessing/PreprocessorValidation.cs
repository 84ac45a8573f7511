namespace ResNetTab.Data;

/// <summary>Checks that a loaded preprocessor document holds everything the encoders need (no null lists, usable parameters).</summary>
internal static class PreprocessorValidation
{
    /// <summary>The first problem found, naming the member (and encoder field), or null when the document is usable.</summary>
    public static string? FindProblem(PreprocessorDocument doc)
    {
        if (doc.Options == null) return "\"options\" is missing or null";
        if (doc.Options.Flatten == null) return "\"options.flatten\" is missing or null";
        if (doc.Options.Include == null || doc.Options.Exclude == null || doc.Options.KindOverrides == null || doc.Options.EntityKeys == null)
            return "a list in \"options\" is null";
        if (doc.Plan == null) return "\"plan\" is missing or null";
        if (doc.Plan.Any(p => p == null || string.IsNullOrEmpty(p.Path))) return "\"plan\" has an entry without a path";
        if (doc.Encoders == null) return "\"encoders\" is missing or null";
        if (doc.KnownFields == null) return "\"knownFields\" is missing or null";
        if (doc.KnownFields.Any(f => f == null)) return "\"knownFields\" holds a null";
        if (doc.NumericalNames == null || doc.CategoricalNames == null || doc.Cardinalities == null)
            return "\"numericalNames\", \"categoricalNames\" or \"cardinalities\" is missing or null";
        for (var i = 0; i < doc.Encoders.Count; i++)
        {
            var e = doc.Encoders[i];
            if (e == null) return $"encoder {i} is null";
            if (string.IsNullOrEmpty(e.Field)) return $"encoder {i} has no \"field\"";
            if (e.FindProblem() is { } problem) return $"encoder {i} (field '{e.Field}'): {problem}";
        }
        return null;
    }
}
