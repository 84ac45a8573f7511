using System.Collections.Frozen;
using System.Globalization;
using ResNetTab.Data;

namespace ResNetTab.Data.Encoders;

/// <summary>
/// Category → index. Vocabulary mode: index 3 + position in <see cref="Vocabulary"/>, unknown or rare → 2.
/// Hashing mode (<see cref="HashBuckets"/> &gt; 0): 3 + FNV-1a64(text) mod buckets. Missing → 1; 0 is [MASK].
/// Numbers and booleans use their canonical text (<see cref="FieldValue.ToCategory"/>).
/// </summary>
public sealed class CategoricalEncoder : FieldEncoder
{
    private FrozenDictionary<string, int>? _lookup;
    private FrozenDictionary<double, int>? _numbers;

    // Vocabulary entries that are the canonical text of a number, by that number (built on first use; a race
    // builds identical tables). Only exact canonical texts qualify, so the result equals the text lookup.
    private FrozenDictionary<double, int> NumberLookup() => _numbers ??= Vocabulary
        .Select((c, i) => (c, i))
        .Where(t => double.TryParse(t.c, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) && FieldValue.FormatNumber(x) == t.c)
        .GroupBy(t => double.Parse(t.c, CultureInfo.InvariantCulture))
        .ToFrozenDictionary(g => g.Key, g => g.First().i);

    /// <summary>Categories in index order (index = 3 + position).</summary>
    public string[] Vocabulary { get; init; } = [];

    /// <summary>Hash buckets; 0 in vocabulary mode.</summary>
    public int HashBuckets { get; init; }

    /// <summary>
    /// Fits from category counts: categories with count ≥ <paramref name="minFrequency"/>, most frequent first
    /// (ties by ordinal text); hashing when there are more than <paramref name="maxVocabulary"/> distinct values.
    /// </summary>
    public static CategoricalEncoder Fit(string field, IEnumerable<KeyValuePair<string, long>> counts, bool overflow,
        int minFrequency, int maxVocabulary, int hashBuckets)
    {
        var list = counts.ToList();
        if (overflow || list.Count > maxVocabulary) return new CategoricalEncoder { Field = field, HashBuckets = hashBuckets };
        var vocab = list.Where(kv => kv.Value >= minFrequency)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key).ToArray();
        return new CategoricalEncoder { Field = field, Vocabulary = vocab };
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> NumericalNames() => [];

    /// <inheritdoc />
    public override IReadOnlyList<string> CategoricalNames() => [Field];

    /// <inheritdoc />
    public override IReadOnlyList<int> Cardinalities() => [Cardinality];

    /// <summary>Embedding size: 3 reserved + vocabulary or buckets.</summary>
    public int Cardinality => Reserved.Count + (HashBuckets > 0 ? HashBuckets : Vocabulary.Length);

    /// <inheritdoc />
    public override string Describe() => HashBuckets > 0
        ? string.Create(CultureInfo.InvariantCulture, $"hashed into {HashBuckets} buckets (FNV-1a 64)")
        : string.Create(CultureInfo.InvariantCulture, $"vocabulary of {Vocabulary.Length} (+3 reserved)");

    /// <summary>Index of a category text (never 0 or 1).</summary>
    public long IndexOf(string category) => IndexOf(category, null);

    internal long IndexOf(string category, DriftTally? drift)
    {
        if (HashBuckets > 0) return Reserved.Count + StableHash.Bucket(category, HashBuckets);
        // Built on first use; a race builds identical tables, so no lock is needed.
        var lookup = _lookup ??= BuildLookup();
        if (lookup.TryGetValue(category, out var i)) return Reserved.Count + i;
        drift?.Unseen(Field);
        return Reserved.Unknown;
    }

    private FrozenDictionary<string, int> BuildLookup()
    {
        var lookup = new Dictionary<string, int>(Vocabulary.Length, StringComparer.Ordinal);
        for (var i = 0; i < Vocabulary.Length; i++)
            if (!lookup.TryAdd(Vocabulary[i], i))
                throw new InvalidOperationException($"the vocabulary of '{Field}' lists the category '{Vocabulary[i]}' twice.");
        return lookup.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    internal override string? FindProblem()
    {
        if (Vocabulary == null) return "\"vocabulary\" is null";
        if (HashBuckets < 0) return "\"hashBuckets\" is negative";
        if (Vocabulary.Any(v => v == null)) return "\"vocabulary\" holds a null";
        var duplicate = Vocabulary.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate != null ? $"\"vocabulary\" lists '{duplicate.Key}' twice" : null;
    }

    /// <inheritdoc />
    internal override void Encode(FieldValue? value, Span<float> numerical, Span<long> categorical, DriftTally drift)
    {
        // Enum-like numbers (class_uid, ports) are found without formatting their text.
        if (HashBuckets == 0 && value is { Kind: FieldValueKind.Number } v && NumberLookup().TryGetValue(v.Number, out var n))
        {
            categorical[0] = Reserved.Count + n;
            return;
        }
        var text = value?.ToCategory();
        categorical[0] = text == null ? Reserved.Missing : IndexOf(text, drift);
    }
}
