using System.Collections.Frozen;
using ResNetTab.Data.Encoders;

namespace ResNetTab.Data;

/// <summary>
/// The column layout of a set of fitted encoders and the row encoding that follows it: column offsets,
/// names, cardinalities, the path → slot table that routes each value to its encoder, and the
/// time-since-previous pass. Immutable, so encoding is thread-safe (each call has its own <see cref="RowBuffer"/>).
/// </summary>
internal sealed class FeatureLayout
{
    private readonly FieldEncoder[] _encoders;
    private readonly int[] _numOffsets;
    private readonly int[] _catOffsets;
    private readonly int[] _entityIndex;
    private readonly EntityDeltaEncoder[] _entityEncoders;
    private readonly FrozenDictionary<string, int> _slotOf;
    private readonly int _slotCount;
    private readonly int[] _encoderSlot;
    private readonly int[] _entityKeySlot;
    private readonly int[] _entityTimeSlot;

    public FeatureLayout(IReadOnlyList<FieldEncoder> encoders, IEnumerable<string> known)
    {
        _encoders = [.. encoders];
        _numOffsets = new int[_encoders.Length + 1];
        _catOffsets = new int[_encoders.Length + 1];
        var num = new List<string>();
        var cat = new List<string>();
        var card = new List<int>();
        for (var i = 0; i < _encoders.Length; i++)
        {
            _numOffsets[i] = num.Count;
            _catOffsets[i] = cat.Count;
            num.AddRange(_encoders[i].NumericalNames());
            cat.AddRange(_encoders[i].CategoricalNames());
            card.AddRange(_encoders[i].Cardinalities());
        }
        _numOffsets[^1] = num.Count;
        _catOffsets[^1] = cat.Count;
        NumericalNames = [.. num];
        CategoricalNames = [.. cat];
        Cardinalities = [.. card];
        Known = new HashSet<string>(known, StringComparer.Ordinal);
        _entityIndex = [.. Enumerable.Range(0, _encoders.Length).Where(i => _encoders[i] is EntityDeltaEncoder)];
        _entityEncoders = [.. _entityIndex.Select(i => (EntityDeltaEncoder)_encoders[i])];
        // Slots: one per path an encoder reads; other known paths map to -1 (known, unused).
        var slotOf = Known.ToDictionary(p => p, _ => -1, StringComparer.Ordinal);
        var slotCount = 0;
        int SlotOf(string path)
        {
            if (slotOf.TryGetValue(path, out var s) && s >= 0) return s;
            return slotOf[path] = slotCount++;
        }
        _encoderSlot = [.. _encoders.Select(e => e is EntityDeltaEncoder ? -1 : SlotOf(e.Field))];
        _entityKeySlot = [.. _entityEncoders.Select(d => SlotOf(d.EntityField))];
        _entityTimeSlot = [.. _entityEncoders.Select(d => SlotOf(d.Field))];
        _slotCount = slotCount;
        _slotOf = slotOf.ToFrozenDictionary(StringComparer.Ordinal);
        Fingerprint = TabularPreprocessor.ComputeFingerprint(NumericalNames, CategoricalNames, Cardinalities);
    }

    public IReadOnlyList<FieldEncoder> Encoders => _encoders;
    public string[] NumericalNames { get; }
    public string[] CategoricalNames { get; }
    public int[] Cardinalities { get; }

    /// <summary>The columns of every batch this layout produces.</summary>
    public TabularSchema Schema => _schema ??= new TabularSchema(NumericalNames, CategoricalNames, Cardinalities);

    private TabularSchema? _schema;
    public HashSet<string> Known { get; }
    public string Fingerprint { get; }

    public RowBuffer NewRows(int capacity) =>
        new(capacity, NumericalNames.Length, CategoricalNames.Length, _entityEncoders.Length, new SlotTarget(_slotOf, _slotCount));

    /// <summary>Encodes one record into the next row of <paramref name="rows"/> (touches only <paramref name="rows"/>).</summary>
    public void EncodeRow(FlatRecord row, RowBuffer rows)
    {
        // One pass over the record: each path is looked up once, both to spot new fields and to find the
        // value's slot; encoders then read their slot instead of searching the record.
        var target = rows.Target;
        target.Clear();
        foreach (var (path, value) in row.Fields)
            if (target.Accept(path)) target.Set(path, value);
        EncodeSlots(rows, row.Location);
    }

    /// <summary>Encodes the values gathered in <paramref name="rows"/>' slots as its next row.</summary>
    /// <exception cref="FeatureEncodingException">An encoder failed; the message names the field and the record.</exception>
    public void EncodeSlots(RowBuffer rows, RecordLocation? location)
    {
        var r = rows.Count++;
        var numW = NumericalNames.Length;
        var catW = CategoricalNames.Length;
        rows.Locations[r] = location;
        var target = rows.Target;
        target.CommitNewFields(rows.Tally);
        var slots = target.Slots;
        var i = 0;
        try
        {
            for (; i < _encoders.Length; i++)
            {
                var slot = _encoderSlot[i];
                if (slot < 0) continue; // entity deltas: below
                var numSpan = rows.Num.AsSpan(r * numW + _numOffsets[i], _numOffsets[i + 1] - _numOffsets[i]);
                var catSpan = rows.Cat.AsSpan(r * catW + _catOffsets[i], _catOffsets[i + 1] - _catOffsets[i]);
                _encoders[i].Encode(slots[slot], numSpan, catSpan, rows.Tally);
            }
        }
        catch (Exception ex) when (ex is not FeatureEncodingException)
        {
            rows.Count--;
            throw new FeatureEncodingException(_encoders[i].Field, location, ex);
        }
        for (var k = 0; k < _entityEncoders.Length; k++)
        {
            var ok = EntityDeltaEncoder.TryRead(slots[_entityKeySlot[k]], slots[_entityTimeSlot[k]], out var key, out var ms);
            rows.Keys[k][r] = ok ? key : null;
            rows.Times[k][r] = ms;
        }
    }

    /// <summary>Fills the time-since-previous columns in row order, merges drift, and wraps the rows as a batch (null for an empty, non-empty-capacity buffer).</summary>
    public TabularData? Finish(RowBuffer rows, EntityClock? clock, DriftCounters drift)
    {
        var n = rows.Count;
        var numW = NumericalNames.Length;
        for (var k = 0; k < _entityEncoders.Length; k++)
        {
            var d = _entityEncoders[k];
            var offset = _numOffsets[_entityIndex[k]];
            // Per-call state keeps Transform free of shared mutable state; the clock is opt-in.
            var last = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var r = 0; r < n; r++)
            {
                var span = rows.Num.AsSpan(r * numW + offset, 2);
                if (rows.Keys[k][r] is not { } key)
                {
                    EntityDeltaEncoder.Write(double.NaN, double.NaN, span);
                    continue;
                }
                var ms = rows.Times[k][r];
                if (!last.TryGetValue(key, out var prev)) prev = clock?.LastSeen(d.EntityField, key) ?? double.NaN;
                EntityDeltaEncoder.Write(ms, prev, span);
                last[key] = double.IsNaN(prev) ? ms : Math.Max(prev, ms);
            }
            if (clock != null)
                foreach (var (key, ms) in last) clock.Update(d.EntityField, key, ms);
        }
        drift.Merge(rows.Tally, n);
        if (n == 0 && rows.Capacity > 0) return null;
        var full = n == rows.Capacity;
        return new TabularData(
            full ? rows.Num : rows.Num[..(n * numW)],
            full ? rows.Cat : rows.Cat[..(n * CategoricalNames.Length)],
            n, Schema,
            full ? rows.Locations : rows.Locations[..n]);
    }
}
