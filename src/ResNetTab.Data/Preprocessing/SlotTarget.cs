using System.Collections.Frozen;
using ResNetTab.Data.Encoders;

namespace ResNetTab.Data;

/// <summary>
/// Collects one record's values by encoder slot, straight from the flattener: paths no encoder reads are
/// skipped without building their values; paths never seen at fit are noted (once per record) for the drift report.
/// </summary>
internal sealed class SlotTarget(FrozenDictionary<string, int> slotOf, int slotCount) : Utf8Flattener.ITarget
{
    private readonly List<string> _newFields = [];
    private int _slot;

    public FieldValue?[] Slots { get; } = new FieldValue?[slotCount];

    public void Clear()
    {
        Array.Clear(Slots);
        _newFields.Clear();
    }

    public bool Accept(string path)
    {
        if (!slotOf.TryGetValue(path, out _slot))
        {
            if (!_newFields.Contains(path)) _newFields.Add(path);
            return false;
        }
        return _slot >= 0;
    }

    public void Set(string path, FieldValue value) => Slots[_slot] = value;

    public void CommitNewFields(DriftTally tally)
    {
        foreach (var p in _newFields) tally.NewField(p);
    }
}
