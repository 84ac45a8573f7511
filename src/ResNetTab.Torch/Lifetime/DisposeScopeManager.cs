using System.Runtime.CompilerServices;
using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Lifetime;

/// <summary>The per-thread stack of dispose scopes.</summary>
public static class DisposeScopeManager
{
    [ThreadStatic] private static DisposeScope? current;

    /// <summary>The innermost open scope of the calling thread, or null.</summary>
    public static DisposeScope? Current => current;

    /// <summary>Opens a new scope on the calling thread.</summary>
    public static DisposeScope NewDisposeScope()
    {
        var scope = new DisposeScope(current);
        current = scope;
        return scope;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void OnCreated(Tensor tensor) => current?.Attach(tensor);

    internal static void OnScopeEnding(DisposeScope scope)
    {
        // Close scopes still open inside this one first (they were left undisposed by mistake).
        while (current != null && !ReferenceEquals(current, scope))
        {
            var inner = current;
            if (!IsInside(inner, scope)) break; // a scope of another chain: leave the stack alone
            inner.Dispose();
        }
        if (ReferenceEquals(current, scope)) current = scope.Outer;
    }

    private static bool IsInside(DisposeScope inner, DisposeScope outer)
    {
        for (var s = inner.Outer; s != null; s = s.Outer)
            if (ReferenceEquals(s, outer)) return true;
        return false;
    }
}
