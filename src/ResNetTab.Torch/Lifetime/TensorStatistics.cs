namespace ResNetTab.Torch.Lifetime;

/// <summary>
/// Process-wide counts of native tensors, to hunt leaks: <see cref="LiveCount"/> should return to
/// its earlier value once a unit of work and its dispose scope have ended.
/// </summary>
public static class TensorStatistics
{
    private static long created;
    private static long disposed;
    private static long finalized;
    private static long moved;

    /// <summary>Tensors created since the process started.</summary>
    public static long CreatedCount => Interlocked.Read(ref created);

    /// <summary>Tensors released by <c>Dispose</c> (directly or by a dispose scope).</summary>
    public static long DisposedCount => Interlocked.Read(ref disposed);

    /// <summary>Tensors released after garbage collection because nobody disposed them.</summary>
    public static long FinalizedCount => Interlocked.Read(ref finalized);

    /// <summary>Tensors whose native memory is still held (including ones waiting in the finalizer queue).</summary>
    public static long LiveCount => CreatedCount - DisposedCount - FinalizedCount - Interlocked.Read(ref moved);

    /// <summary>A one-line summary.</summary>
    public static string Summary() =>
        $"live={LiveCount} created={CreatedCount} disposed={DisposedCount} finalized={FinalizedCount}";

    internal static void OnCreated() => Interlocked.Increment(ref created);
    internal static void OnDisposed() => Interlocked.Increment(ref disposed);
    internal static void OnFinalized() => Interlocked.Increment(ref finalized);
    internal static void OnMoved() => Interlocked.Increment(ref moved); // native tensor handed to another object
}
