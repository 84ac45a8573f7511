namespace ResNetTab.Models.Training;

/// <summary>
/// Batches for one epoch at a time. Epoch <c>e</c> of a seeded source is the same sequence every time it is
/// asked for, which is what lets a resumed run continue exactly where it stopped.
/// </summary>
/// <typeparam name="TBatch">The batch type.</typeparam>
public interface IBatchSource<out TBatch> where TBatch : ITrainingBatch
{
    /// <summary>Number of batches per epoch.</summary>
    int Count { get; }

    /// <summary>The batches of epoch <paramref name="epoch"/> (the caller disposes each one).</summary>
    /// <param name="epoch">0-based epoch index (selects the shuffle and augmentation of a seeded source).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The batches, lazily.</returns>
    IEnumerable<TBatch> Epoch(int epoch, CancellationToken cancellationToken = default);
}
