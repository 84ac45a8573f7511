using System.Collections;
using static TorchSharp.torch;

namespace ResNetTab.Models.Datasets;

/// <summary>
/// Iterates over an in-memory dataset in batches (PyTorch's <c>DataLoader</c>): optional seeded
/// shuffling, optional dropping of the last incomplete batch, an optional transform applied to the
/// inputs (augmentation), and background prefetching of the next batches.
/// </summary>
/// <remarks>
/// <para>Each enumeration is one epoch. <c>foreach (var batch in loader)</c> runs epochs 0, 1, 2, … in turn
/// (see <see cref="NextEpoch"/>); <see cref="Epoch"/> runs a given one. With shuffling, epoch <c>e</c>
/// visits the samples in the order of a Fisher–Yates shuffle driven by <c>new Random(seed + e)</c>
/// (<see cref="Order"/>), and the transform of batch <c>b</c> draws from a <see cref="Random"/> seeded
/// from (seed, e, b) — so a given seed reproduces every order and every augmentation, with or without
/// prefetching, however far earlier epochs were enumerated.</para>
/// <para>With <c>prefetch</c> &gt; 0 a background thread builds the next batches (gathering, transform,
/// device copy) into a bounded queue while the consumer works on the current one. The consumer owns
/// every batch it receives: dispose it, or let a dispose scope do it — a batch is registered with the
/// consumer thread's innermost dispose scope open when it is received, like a tensor created there.
/// Stopping early (break, exception, cancellation) stops the thread and frees the batches it had
/// prepared.</para>
/// </remarks>
/// <example><code>
/// var train = Cifar10.Load("data/cifar-10-batches-bin", train: true);
/// var loader = new DataLoader(train, batchSize: 128, shuffle: true, seed: 1, transform: Cifar10.TrainTransform());
/// foreach (var batch in loader)
/// {
///     using (batch)
///     using (NewDisposeScope())
///     {
///         var (x, y) = batch;
///         // forward, loss, backward, step
///     }
/// }
/// </code></example>
public sealed partial class DataLoader : IEnumerable<Batch>, Training.IBatchSource<Batch>
{
    private int nextEpoch;

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="shuffle">Visit the samples in a new seeded random order every epoch.</param>
    /// <param name="seed">Seed of the shuffles and of the transform's randomness; a random one when null.</param>
    /// <param name="dropLast">Skip the last batch when it has fewer than <paramref name="batchSize"/> samples.</param>
    /// <param name="prefetch">Batches built ahead on a background thread; 0 builds each batch on the consumer's thread when asked for.</param>
    /// <param name="transform">Applied to the inputs of each batch (e.g. <see cref="Cifar10.TrainTransform"/>); none when null.</param>
    /// <param name="device">Device the inputs and targets are moved to; left where the dataset made them when null.</param>
    public DataLoader(IBatchDataset dataset, int batchSize, bool shuffle = false, int? seed = null, bool dropLast = false,
        int prefetch = 2, ITensorTransform? transform = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(prefetch);
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed ?? Random.Shared.Next();
        DropLast = dropLast;
        Prefetch = prefetch;
        Transform = transform;
        Device = device;
    }

    /// <summary>The samples.</summary>
    public IBatchDataset Dataset { get; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the samples in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Seed of the shuffles and of the transform's randomness.</summary>
    public int Seed { get; }

    /// <summary>Whether the last, incomplete batch of an epoch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Batches built ahead on a background thread (0: none).</summary>
    public int Prefetch { get; }

    /// <summary>The transform applied to the inputs of each batch, or null.</summary>
    public ITensorTransform? Transform { get; }

    /// <summary>The device batches are moved to, or null.</summary>
    public Device? Device { get; }

    /// <summary>Batches per epoch.</summary>
    public int Count
    {
        get
        {
            var n = Dataset.Count;
            return DropLast ? n / BatchSize : (n + BatchSize - 1) / BatchSize;
        }
    }

    /// <summary>
    /// The epoch the next <c>foreach</c> over the loader will run (starts at 0, advances by one at every
    /// enumeration); set it to resume training at a later epoch with the same shuffles.
    /// </summary>
    public int NextEpoch
    {
        get => Volatile.Read(ref nextEpoch);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref nextEpoch, value);
        }
    }

    /// <summary>The batches of one epoch.</summary>
    /// <param name="epoch">The epoch (0, 1, …): it selects the shuffle order and the transform's randomness.</param>
    /// <param name="cancellationToken">Stops the enumeration with an <see cref="OperationCanceledException"/>.</param>
    public IEnumerable<Batch> Epoch(int epoch, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return new EpochEnumerable(this, epoch, cancellationToken);
    }

    /// <summary>Runs epoch <see cref="NextEpoch"/> and advances it.</summary>
    public IEnumerator<Batch> GetEnumerator() =>
        new BatchEnumerator(this, Interlocked.Increment(ref nextEpoch) - 1, CancellationToken.None);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The order in which epoch <paramref name="epoch"/> visits the dataset indices (before <see cref="DropLast"/>).</summary>
    public int[] Order(int epoch) => EpochOrder.Of(Dataset.Count, Shuffle, Seed, epoch);

    /// <summary>The seed of the <see cref="Random"/> the transform of batch <paramref name="batch"/> of epoch <paramref name="epoch"/> uses.</summary>
    public int TransformSeed(int epoch, int batch)
    {
        // SplitMix64 finaliser over the three numbers: nearby epochs and batches get unrelated streams.
        var z = unchecked((ulong)Seed * 0x9E3779B97F4A7C15UL + (ulong)epoch * 0xBF58476D1CE4E5B9UL + (ulong)batch * 0x94D049BB133111EBUL + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z >> 33);
    }

    /// <summary>
    /// Builds batch <paramref name="batch"/> of an epoch on the calling thread, with every intermediate
    /// freed and the result in no dispose scope.
    /// </summary>
    private Batch Build(int epoch, int batch, int[] order)
    {
        var start = batch * BatchSize;
        var indices = order.AsSpan(start, Math.Min(BatchSize, order.Length - start)).ToArray();
        using var scope = NewDisposeScope();
        var (inputs, targets) = Dataset.GetBatch(indices);
        if (Transform is not null) inputs = Transform.Apply(inputs, new Random(TransformSeed(epoch, batch)));
        if (Device is not null)
        {
            inputs = inputs.to(Device);
            targets = targets.to(Device);
        }
        // Out of the scope: everything else made here is freed when it ends.
        return new Batch(inputs, targets, indices, epoch, batch).Detach();
    }

    private sealed class EpochEnumerable(DataLoader loader, int epoch, CancellationToken cancellationToken) : IEnumerable<Batch>
    {
        public IEnumerator<Batch> GetEnumerator() => new BatchEnumerator(loader, epoch, cancellationToken);

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
