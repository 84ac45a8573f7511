using ResNetTab.Models.Training;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// Batches of a <see cref="SequenceWindowSet"/>, shuffled per epoch from a seed (epoch <c>e</c> always gives the same
/// order, so a resumed run sees the same batches as an uninterrupted one).
/// </summary>
public sealed class SequenceBatchSource : IBatchSource<SequenceBatch>
{
    private readonly SequenceWindowSet windows;
    private readonly int[]? subset;

    /// <summary>Creates the source.</summary>
    /// <param name="windows">The windows.</param>
    /// <param name="batchSize">Windows per batch.</param>
    /// <param name="shuffle">Shuffle every epoch.</param>
    /// <param name="seed">Seed of the shuffles.</param>
    /// <param name="dropLast">Drop a last, smaller batch.</param>
    /// <param name="device">Device of the tensors; the CPU when null.</param>
    /// <param name="subset">Only these windows; all when null.</param>
    /// <exception cref="ArgumentException">A subset index is out of range.</exception>
    public SequenceBatchSource(SequenceWindowSet windows, int batchSize, bool shuffle = false, int seed = 0, bool dropLast = false,
        Device? device = null, IReadOnlyList<int>? subset = null)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (subset is not null)
        {
            foreach (var i in subset)
                if (i < 0 || i >= windows.Count) throw new ArgumentException($"The subset holds window {i}, outside [0, {windows.Count}).", nameof(subset));
            this.subset = [.. subset];
        }
        this.windows = windows;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
        Device = device;
    }

    /// <summary>Windows per epoch.</summary>
    public int Windows => subset?.Length ?? windows.Count;

    /// <summary>Windows per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether epochs are shuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>Seed of the shuffles.</summary>
    public int Seed { get; }

    /// <summary>Whether a last, smaller batch is dropped.</summary>
    public bool DropLast { get; }

    /// <summary>Device of the tensors (CPU when null).</summary>
    public Device? Device { get; }

    /// <inheritdoc />
    public int Count => DropLast ? Windows / BatchSize : (Windows + BatchSize - 1) / BatchSize;

    /// <inheritdoc />
    public IEnumerable<SequenceBatch> Epoch(int epoch, CancellationToken cancellationToken = default)
    {
        var order = Enumerable.Range(0, Windows).ToArray();
        if (Shuffle) new Random(unchecked((Seed * 1_000_003) + epoch)).Shuffle(order);
        if (subset is not null)
            for (var i = 0; i < order.Length; i++) order[i] = subset[order[i]];
        var per = windows.Length * windows.Width;
        for (var b = 0; b < Count; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var size = Math.Min(BatchSize, Windows - (b * BatchSize));
            var rows = order.AsSpan(b * BatchSize, size).ToArray();
            var values = new float[size * per];
            for (var i = 0; i < size; i++) windows.Values.AsSpan(rows[i] * per, per).CopyTo(values.AsSpan(i * per));
            var t = tensor(values, [size, windows.Length, windows.Width]);
            if (Device is not null && Device.type != t.device.type)
            {
                var moved = t.to(Device);
                t.Dispose();
                t = moved;
            }
            yield return new SequenceBatch(t, rows);
        }
    }
}
