using static ResNetTab.Torch.Native.NativeMethods;

namespace ResNetTab.Torch;

/// <summary>
/// Sets autograd recording on or off for the calling thread until disposed, then restores the
/// previous mode. Grad mode is per thread, as in PyTorch: a scope on one thread does not affect others.
/// </summary>
public sealed class GradModeScope : IDisposable
{
    private readonly bool previous;
    private readonly int thread;
    private bool disposed;

    internal GradModeScope(bool enabled)
    {
        previous = rt_is_grad_enabled() != 0;
        thread = Environment.CurrentManagedThreadId;
        rt_set_grad_enabled(enabled ? 1 : 0);
    }

    /// <summary>Restores the grad mode that was in force when the scope was created.</summary>
    public void Dispose()
    {
        if (disposed) return;
        if (Environment.CurrentManagedThreadId != thread)
            throw new InvalidOperationException("A grad-mode scope must be disposed on the thread that created it.");
        disposed = true;
        rt_set_grad_enabled(previous ? 1 : 0);
    }
}

public static partial class torch
{
    /// <summary>Disables gradient recording on this thread until the returned scope is disposed.</summary>
    public static GradModeScope no_grad() => new(false);

    /// <summary>Enables gradient recording on this thread until the returned scope is disposed.</summary>
    public static GradModeScope enable_grad() => new(true);

    /// <summary>Sets gradient recording on this thread until the returned scope is disposed.</summary>
    public static GradModeScope set_grad_enabled(bool enabled) => new(enabled);

    /// <summary>Whether gradient recording is on for this thread.</summary>
    public static bool is_grad_enabled() => rt_is_grad_enabled() != 0;
}
