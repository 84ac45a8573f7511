namespace ResNetTab.Anomaly.Neighbors;

/// <summary>
/// Guards an object that owns native or pooled memory against being freed while other threads use it: readers
/// (queries) share it, writers (growth, refit, disposal) wait for the readers to leave, and after disposal every
/// entry throws <see cref="ObjectDisposedException"/> instead of touching freed memory.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
    "The lock is never disposed: a thread may still be waiting on it when its owner is disposed, and it holds no native handle until contended.")]
internal sealed class UsageGate
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly string _owner;
    private volatile bool _disposed;

    public UsageGate(string owner) => _owner = owner;

    public bool IsDisposed => _disposed;

    /// <summary>Enters as one of many concurrent users; dispose the result to leave.</summary>
    public Reader Read()
    {
        ObjectDisposedException.ThrowIf(_disposed, _owner);
        _lock.EnterReadLock();
        if (_disposed)
        {
            _lock.ExitReadLock();
            throw new ObjectDisposedException(_owner);
        }
        return new Reader(_lock);
    }

    /// <summary>Enters alone (no reader inside); dispose the result to leave.</summary>
    public Writer Write()
    {
        ObjectDisposedException.ThrowIf(_disposed, _owner);
        _lock.EnterWriteLock();
        if (_disposed)
        {
            _lock.ExitWriteLock();
            throw new ObjectDisposedException(_owner);
        }
        return new Writer(_lock);
    }

    /// <summary>
    /// Waits for every user to leave, then runs <paramref name="release"/> once; later entries throw
    /// <see cref="ObjectDisposedException"/>. Returns false when already closed.
    /// </summary>
    public bool Close(Action release)
    {
        if (_disposed) return false;
        _lock.EnterWriteLock();
        try
        {
            if (_disposed) return false;
            _disposed = true;
            release();
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public readonly struct Reader(ReaderWriterLockSlim gate) : IDisposable
    {
        public void Dispose() => gate.ExitReadLock();
    }

    public readonly struct Writer(ReaderWriterLockSlim gate) : IDisposable
    {
        public void Dispose() => gate.ExitWriteLock();
    }
}
