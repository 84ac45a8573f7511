using ResNetTab.Torch.Lifetime;

namespace ResNetTab.Torch;

public static partial class torch
{
    /// <summary>
    /// Opens a dispose scope on the calling thread: every tensor created on this thread until the
    /// scope is disposed is freed then, except those moved out or detached.
    /// </summary>
    /// <example><code>
    /// using (var scope = torch.NewDisposeScope())
    /// {
    ///     var y = (x * 2 + 1).relu();          // intermediates freed at the end of the scope
    ///     result = y.MoveToOuterDisposeScope(); // survives
    /// }
    /// </code></example>
    public static DisposeScope NewDisposeScope() => DisposeScopeManager.NewDisposeScope();
}
