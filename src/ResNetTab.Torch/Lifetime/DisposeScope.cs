using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Lifetime;

/// <summary>
/// Frees, when disposed, every tensor created on this thread while it was the innermost scope,
/// except those moved out with <see cref="MoveToOuter{T}"/> / <see cref="Tensor.MoveToOuterDisposeScope"/>
/// or detached with <see cref="Detach{T}"/> / <see cref="Tensor.DetachFromDisposeScope"/>. Scopes nest
/// and are per thread. Create one with <see cref="torch.NewDisposeScope"/>.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    private readonly List<Tensor> tensors = new();
    private readonly int ownerThread;
    private bool disposed;

    internal DisposeScope(DisposeScope? outer)
    {
        Outer = outer;
        ownerThread = Environment.CurrentManagedThreadId;
    }

    /// <summary>The enclosing scope, or null for an outermost scope.</summary>
    public DisposeScope? Outer { get; }

    /// <summary>Number of tensors this scope currently owns.</summary>
    public int Count
    {
        get
        {
            var n = 0;
            foreach (var t in tensors)
                if (ReferenceEquals(t.OwningScope, this) && !t.IsInvalid) n++;
            return n;
        }
    }

    /// <summary>True after the scope was disposed.</summary>
    public bool IsDisposed => disposed;

    /// <summary>Adds an existing tensor (created elsewhere) to this scope, taking it from its previous scope.</summary>
    public T Include<T>(T tensor) where T : Tensor
    {
        ThrowIfDisposed();
        Attach(tensor);
        return tensor;
    }

    /// <summary>Moves a tensor to the enclosing scope (or out of all scopes when this one is outermost).</summary>
    public T MoveToOuter<T>(T tensor) where T : Tensor
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (!ReferenceEquals(tensor.OwningScope, this)) return tensor;
        if (Outer is { IsDisposed: false } outer) outer.Attach(tensor);
        else tensor.OwningScope = null;
        return tensor;
    }

    /// <summary>Moves several tensors to the enclosing scope.</summary>
    public void MoveToOuter(params Tensor[] tensors)
    {
        foreach (var t in tensors) MoveToOuter<Tensor>(t);
    }

    /// <summary>Removes a tensor from this scope: it will not be freed here.</summary>
    public T Detach<T>(T tensor) where T : Tensor
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (ReferenceEquals(tensor.OwningScope, this)) tensor.OwningScope = null;
        return tensor;
    }

    internal void Attach(Tensor tensor)
    {
        tensor.OwningScope = this;
        tensors.Add(tensor);
    }

    /// <summary>Frees every tensor this scope still owns and ends the scope (and any scopes still open inside it).</summary>
    public void Dispose()
    {
        if (disposed) return;
        if (Environment.CurrentManagedThreadId != ownerThread)
            throw new InvalidOperationException("A dispose scope must be disposed on the thread that created it.");
        DisposeScopeManager.OnScopeEnding(this);
        disposed = true;
        foreach (var t in tensors)
        {
            if (!ReferenceEquals(t.OwningScope, this)) continue;
            t.OwningScope = null;
            t.Dispose();
        }
        tensors.Clear();
    }

    private void ThrowIfDisposed()
    {
        if (disposed) throw new ObjectDisposedException(nameof(DisposeScope));
    }
}
