using System.Collections.Frozen;
using System.Globalization;
using ResNetTab.Data;

namespace ResNetTab.Data.Encoders;

/// <summary>
/// The values of one field across an array of objects (a <see cref="FieldValueKind.Bag"/>, e.g.
/// <c>observables[].type_id</c>) → numeric count columns, whatever the element order. Vocabulary mode: one column
/// <c>field=value</c> per fitted value plus <c>field=other</c> for the rest (counted as unseen in the drift
/// report). Hashed mode (<see cref="HashBuckets"/> &gt; 0): columns <c>field#0</c> .. <c>field#(buckets-1)</c>,
/// item text to bucket by FNV-1a 64. Each column holds log1p(count); an absent array gives zeros.
/// </summary>
public sealed class ArrayBagEncoder : FieldEncoder
{
    // log(1 + n) for small counts, so most columns need no Math.Log.
    private static readonly float[] SmallLog1p = [.. Enumerable.Range(0, 33).Select(n => (float)Math.Log(1 + n))];

    private Lookup? _lookup;

    /// <summary>The vocabulary index, with its span view (a class, so it is published atomically).</summary>
    private sealed class Lookup(FrozenDictionary<string, int> index)
    {
        public readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> BySpan = index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Values with their own column, in column order (vocabulary mode).</summary>
    public string[] Vocabulary { get; init; } = [];

    /// <summary>Hash buckets; 0 in vocabulary mode.</summary>
    public int HashBuckets { get; init; }

    /// <summary>Vocabulary mode when at most <paramref name="maxVocabulary"/> distinct values were seen (most frequent first, ties ordinal), else hashed.</summary>
    public static ArrayBagEncoder Fit(string field, IEnumerable<KeyValuePair<string, long>> counts, bool overflow, int maxVocabulary, int hashBuckets)
    {
        var list = counts.ToList();
        if (overflow || list.Count > maxVocabulary) return new ArrayBagEncoder { Field = field, HashBuckets = Math.Max(1, hashBuckets) };
        return new ArrayBagEncoder
        {
            Field = field,
            Vocabulary = [.. list.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key)],
        };
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> NumericalNames() => HashBuckets > 0
        ? [.. Enumerable.Range(0, HashBuckets).Select(i => Field + "#" + i.ToString(CultureInfo.InvariantCulture))]
        : [.. Vocabulary.Select(v => Field + "=" + v), Field + "=other"];

    internal override long NumericalWidth => HashBuckets > 0 ? HashBuckets : Vocabulary.LongLength + 1;

    /// <inheritdoc />
    public override string Describe() => HashBuckets > 0
        ? string.Create(CultureInfo.InvariantCulture, $"hashed bag: log1p counts in {HashBuckets} buckets")
        : string.Create(CultureInfo.InvariantCulture, $"log1p count per value ({Vocabulary.Length} values + other)");

    /// <inheritdoc />
    internal override string? FindProblem()
    {
        if (Vocabulary == null) return "\"vocabulary\" is null";
        if (HashBuckets < 0) return "\"hashBuckets\" is negative";
        if (Vocabulary.Any(v => v == null)) return "\"vocabulary\" holds a null";
        return Vocabulary.Distinct(StringComparer.Ordinal).Count() != Vocabulary.Length ? "\"vocabulary\" lists a value twice" : null;
    }

    /// <inheritdoc />
    internal override void Encode(FieldValue? value, Span<float> numerical, Span<long> categorical, DriftTally drift)
    {
        numerical.Clear();
        if (value is not { IsNull: false } v) return;
        // Built on first use; a race builds identical tables.
        var lookup = (_lookup ??= new Lookup(Vocabulary.Select((c, i) => (c, i)).ToFrozenDictionary(t => t.c, t => t.i, StringComparer.Ordinal))).BySpan;
        if (v.Kind != FieldValueKind.Bag)
        {
            // A lone value where an array was expected counts as a bag of one.
            if (v.ToCategory() is { } single) Add(single, numerical, lookup, drift);
            drift.WrongType(Field);
        }
        else
        {
            var text = v.Text.AsSpan();
            foreach (var range in text.Split(FieldValue.BagSeparator)) Add(text[range], numerical, lookup, drift);
        }
        for (var i = 0; i < numerical.Length; i++)
        {
            var n = numerical[i];
            if (n != 0) numerical[i] = n < SmallLog1p.Length ? SmallLog1p[(int)n] : (float)Math.Log(1 + n);
        }
    }

    private void Add(ReadOnlySpan<char> item, Span<float> counts, FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, DriftTally drift)
    {
        if (HashBuckets > 0)
        {
            counts[(int)(StableHash.Fnv1a64(item) % (ulong)HashBuckets)]++;
            return;
        }
        if (lookup.TryGetValue(item, out var index)) counts[index]++;
        else
        {
            counts[^1]++;
            drift.Unseen(Field);
        }
    }
}
