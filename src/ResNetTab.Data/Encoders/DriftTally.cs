namespace ResNetTab.Data.Encoders;

/// <summary>Per-call counts of drift seen while encoding; merged into the preprocessor's report afterwards.</summary>
internal sealed class DriftTally
{
    /// <summary>Values of a selected field that were not seen at fit (mapped to unknown), per field.</summary>
    public Dictionary<string, long> UnseenCategories { get; } = new(StringComparer.Ordinal);

    /// <summary>Values of the wrong type (e.g. text in a numeric field), per field.</summary>
    public Dictionary<string, long> WrongTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>Paths never seen at fit, per path.</summary>
    public Dictionary<string, long> NewFields { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts an unseen category.</summary>
    public void Unseen(string field) => Bump(UnseenCategories, field);

    /// <summary>Counts a wrong-typed value.</summary>
    public void WrongType(string field) => Bump(WrongTypes, field);

    /// <summary>Counts a new field.</summary>
    public void NewField(string path) => Bump(NewFields, path);

    private static void Bump(Dictionary<string, long> d, string key) => d[key] = d.GetValueOrDefault(key) + 1;
}
