using ResNetTab.Data.Encoders;

namespace ResNetTab.Data;

/// <summary>Rows being encoded: feature arrays plus what the entity-delta pass needs. Touched by one thread at a time.</summary>
internal sealed class RowBuffer(int capacity, int numW, int catW, int entities, SlotTarget target)
{
    public int Count;
    public readonly float[] Num = new float[capacity * numW];
    public readonly long[] Cat = new long[capacity * catW];
    public readonly RecordLocation?[] Locations = new RecordLocation?[capacity];
    public readonly string?[][] Keys = [.. Enumerable.Range(0, entities).Select(_ => new string?[capacity])];
    public readonly double[][] Times = [.. Enumerable.Range(0, entities).Select(_ => new double[capacity])];
    public readonly DriftTally Tally = new();
    public readonly SlotTarget Target = target;

    public int Capacity => Locations.Length;
}
