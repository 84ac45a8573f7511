namespace ResNetTab.Pipeline;

/// <summary>
/// Counts the calls using an object's native state so that disposing it waits for them: <see cref="Enter"/> refuses once
/// <see cref="Close"/> has begun, and <see cref="Close"/> returns only when every entered call has left. Freeing a
/// TorchSharp tensor that another thread is using would end the process; this makes that impossible.
/// </summary>
internal sealed class UsageGate(string owner)
{
    // An object, not a System.Threading.Lock: Close waits on it with Monitor.Wait.
    private readonly object sync = new();
    private int active;
    private bool closed;

    /// <summary>Enters; dispose the lease to leave.</summary>
    /// <exception cref="ObjectDisposedException">The owner is disposed or being disposed.</exception>
    public Lease Enter()
    {
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(closed, owner);
            active++;
        }
        return new Lease(this);
    }

    /// <summary>Refuses new calls and waits for the running ones; true the first time.</summary>
    public bool Close()
    {
        lock (sync)
        {
            if (closed) return false;
            closed = true;
            while (active > 0) Monitor.Wait(sync);
            return true;
        }
    }

    private void Leave()
    {
        lock (sync)
        {
            if (--active == 0) Monitor.PulseAll(sync);
        }
    }

    /// <summary>One call inside the gate.</summary>
    internal readonly struct Lease(UsageGate gate) : IDisposable
    {
        public void Dispose() => gate.Leave();
    }
}
