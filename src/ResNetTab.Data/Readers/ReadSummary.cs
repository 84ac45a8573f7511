using System.Globalization;
using System.Collections.Concurrent;
using System.Text;

namespace ResNetTab.Data;

/// <summary>
/// Counts of what a read produced: inputs, good records, bad records (the first <see cref="MaxKept"/>
/// kept with their locations). Thread-safe; one summary may be shared by several readers.
/// </summary>
public sealed class ReadSummary
{
    private long _records;
    private long _badRecords;
    private long _inputs;
    private readonly ConcurrentQueue<BadRecord> _kept = new();
    private readonly ConcurrentQueue<BadRecord> _badInputs = new();

    /// <summary>Creates a summary keeping at most <paramref name="maxKept"/> bad records in <see cref="BadRecords"/>.</summary>
    public ReadSummary(int maxKept = 1000) => MaxKept = maxKept;

    /// <summary>How many bad records are kept for inspection (all are counted).</summary>
    public int MaxKept { get; }

    /// <summary>Records read successfully.</summary>
    public long Records => Interlocked.Read(ref _records);

    /// <summary>Records skipped as bad.</summary>
    public long BadRecordCount => Interlocked.Read(ref _badRecords);

    /// <summary>Inputs (files or streams) opened.</summary>
    public long Inputs => Interlocked.Read(ref _inputs);

    /// <summary>The first <see cref="MaxKept"/> bad records, in the order met.</summary>
    public IReadOnlyList<BadRecord> BadRecords => _kept.ToArray();

    /// <summary>
    /// Inputs that could not be read (whole or from some point on: corrupt gzip, unreadable Parquet, unusable CSV
    /// header), each with its file and the reason; the read went on with the other inputs.
    /// </summary>
    public IReadOnlyList<BadRecord> BadInputs => _badInputs.ToArray();

    /// <summary>Number of <see cref="BadInputs"/>.</summary>
    public long BadInputCount => _badInputs.Count;

    internal void AddRecord() => Interlocked.Increment(ref _records);

    internal void AddInput() => Interlocked.Increment(ref _inputs);

    internal void AddBadInput(BadRecord bad) => _badInputs.Enqueue(bad);

    internal void AddBad(BadRecord bad)
    {
        if (Interlocked.Increment(ref _badRecords) <= MaxKept) _kept.Enqueue(bad);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Inputs} input(s), {Records} record(s) read, {BadRecordCount} bad record(s) skipped");
        if (BadInputCount > 0) sb.Append(CultureInfo.InvariantCulture, $", {BadInputCount} unreadable input(s)");
        foreach (var b in _badInputs.Take(20)) sb.AppendLine().Append("  ").Append(b.Location.Source).Append(": ").Append(b.Message);
        foreach (var b in _kept.Take(20)) sb.AppendLine().Append("  ").Append(b);
        if (BadRecordCount > 20) sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  ... and {BadRecordCount - 20} more");
        return sb.ToString();
    }
}
