namespace ResNetTab.SelfSupervised;

/// <summary>
/// Counts the threads using an object's native state, so that disposing it waits for them to finish and any use that
/// starts afterwards throws <see cref="ObjectDisposedException"/> instead of touching freed memory.
/// </summary>
internal sealed class UseGuard
{
    private readonly object gate = new(); // an object, not a Lock: disposal waits with Monitor.Wait
    private int active;
    private bool disposed;

    public bool IsDisposed
    {
        get
        {
            lock (gate) return disposed;
        }
    }

    /// <summary>Starts a use; dispose the lease when it ends.</summary>
    public Lease Enter(object owner)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, owner);
            active++;
        }
        return new Lease(this);
    }

    /// <summary>Refuses new uses and waits for the running ones; false when already disposed.</summary>
    public bool BeginDispose()
    {
        lock (gate)
        {
            if (disposed) return false;
            disposed = true;
            while (active > 0) Monitor.Wait(gate);
            return true;
        }
    }

    private void Exit()
    {
        lock (gate)
        {
            if (--active == 0) Monitor.PulseAll(gate);
        }
    }

    /// <summary>One use in progress.</summary>
    public readonly struct Lease(UseGuard guard) : IDisposable
    {
        public void Dispose() => guard.Exit();
    }
}
