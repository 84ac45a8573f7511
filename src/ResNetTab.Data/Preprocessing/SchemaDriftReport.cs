using System.Globalization;
using System.Text;

namespace ResNetTab.Data;

/// <summary>
/// What inference data showed that fit did not: new fields (ignored), unseen categories (mapped to
/// unknown) and wrong-typed values (encoded as missing), with counts.
/// </summary>
public sealed record SchemaDriftReport
{
    /// <summary>Rows transformed since the last reset.</summary>
    public long Rows { get; init; }

    /// <summary>Paths not seen at fit → occurrences.</summary>
    public IReadOnlyDictionary<string, long> NewFields { get; init; } = new Dictionary<string, long>();

    /// <summary>Encoded field → values not in its vocabulary.</summary>
    public IReadOnlyDictionary<string, long> UnseenCategories { get; init; } = new Dictionary<string, long>();

    /// <summary>Encoded field → values of the wrong type.</summary>
    public IReadOnlyDictionary<string, long> WrongTypes { get; init; } = new Dictionary<string, long>();

    /// <summary>True when nothing drifted.</summary>
    public bool IsEmpty => NewFields.Count == 0 && UnseenCategories.Count == 0 && WrongTypes.Count == 0;

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Schema drift over {Rows} rows: {NewFields.Count} new field(s), unseen categories in {UnseenCategories.Count} field(s), wrong types in {WrongTypes.Count} field(s)");
        Section(sb, "new fields (ignored)", NewFields);
        Section(sb, "unseen categories (-> unknown)", UnseenCategories);
        Section(sb, "wrong types (-> missing)", WrongTypes);
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string title, IReadOnlyDictionary<string, long> counts)
    {
        if (counts.Count == 0) return;
        sb.AppendLine().Append("  ").Append(title).Append(':');
        foreach (var (k, v) in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(50))
            sb.AppendLine().Append("    ").Append(k).Append(": ").Append(v);
    }
}
