using static TorchSharp.torch;

namespace ResNetTab.Models;

/// <summary>
/// The residual pattern shared by image and tabular blocks: <c>y = Activate(Combine(ResidualBranch(x), Shortcut(x)))</c>,
/// with explicit ownership of every intermediate tensor.
/// </summary>
/// <remarks>
/// <para>Override <see cref="ResidualBranch"/> (required), and any of <see cref="Shortcut"/> (identity by
/// default), <see cref="Combine"/> (addition) and <see cref="Activate"/> (none). Tensors returned by the
/// pieces are disposed by <see cref="forward"/> once used, unless a piece returns its own input, which is
/// then left to the caller; <see cref="Combine"/> and <see cref="Activate"/> always receive tensors the block
/// owns, so they may work in place.</para>
/// <para>Layers are registered with <see cref="Register{T}"/> in the constructor. Fields a subclass adds are
/// registered after them by TorchSharp's <c>RegisterComponents()</c> (called when the block is registered in
/// its parent, or by the subclass's constructor), so the base block's names come first in the state dict.</para>
/// </remarks>
public abstract class ResidualModule : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module.</summary>
    /// <param name="name">The module's name (TorchSharp uses it in messages).</param>
    protected ResidualModule(string name) : base(name)
    {
    }

    /// <summary>Runs the block: the branch and the shortcut, merged, then activated.</summary>
    /// <param name="input">The block's input (never modified).</param>
    /// <returns>The block's output.</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var identity = Shortcut(input);
        Tensor? residual = null;
        Tensor? combined = null;
        Tensor? output = null;
        try
        {
            residual = ResidualBranch(input);
            // Combine and Activate may work in place on what they receive: give them tensors the block owns.
            if (ReferenceEquals(residual, input)) residual = input.clone();
            combined = Combine(residual, identity);
            if (ReferenceEquals(combined, input) || ReferenceEquals(combined, identity)) combined = combined.clone();
            output = Activate(combined);
            return output;
        }
        finally
        {
            Release(identity, input, output);
            Release(residual, input, output);
            Release(combined, input, output);
        }
    }

    /// <summary>The residual branch F(x).</summary>
    /// <param name="x">The block's input (do not modify it in place).</param>
    /// <returns>F(x), shaped as the shortcut's output.</returns>
    protected abstract Tensor ResidualBranch(Tensor x);

    /// <summary>The shortcut path; the input itself by default.</summary>
    /// <param name="x">The block's input.</param>
    /// <returns>A tensor shaped as the residual branch's output (may be <paramref name="x"/>: never modify it).</returns>
    protected virtual Tensor Shortcut(Tensor x) => x;

    /// <summary>
    /// Merges the residual branch and the shortcut; the default is their sum. When no gradient is being
    /// recorded (inference) the sum is accumulated into <paramref name="residual"/> in place, as torchvision's
    /// <c>out += identity</c>, saving a tensor per block; while recording it is out of place, so a branch
    /// ending in any operation stays differentiable.
    /// </summary>
    /// <param name="residual">Output of <see cref="ResidualBranch"/>; owned by the block, so it may be modified in place.</param>
    /// <param name="identity">Output of <see cref="Shortcut"/> (may be the block's input: never modify it).</param>
    /// <returns>The merged tensor, passed to <see cref="Activate"/>.</returns>
    protected virtual Tensor Combine(Tensor residual, Tensor identity)
    {
        ArgumentNullException.ThrowIfNull(residual);
        ArgumentNullException.ThrowIfNull(identity);
        return is_grad_enabled() ? residual + identity : residual.add_(identity);
    }

    /// <summary>The activation after the merge; none by default.</summary>
    /// <param name="x">Output of <see cref="Combine"/>; owned by the block, so it may be modified in place.</param>
    /// <returns>The block's output.</returns>
    protected virtual Tensor Activate(Tensor x) => x;

    /// <summary>Registers <paramref name="module"/> under <paramref name="name"/> and returns it.</summary>
    /// <typeparam name="T">The module type.</typeparam>
    /// <param name="name">The registered (state-dict) name.</param>
    /// <param name="module">The module.</param>
    /// <returns><paramref name="module"/>.</returns>
    protected T Register<T>(string name, T module) where T : nn.Module
    {
        register_module(name, module);
        return module;
    }

    /// <summary>Disposes an intermediate tensor unless it is the input or the result.</summary>
    private static void Release(Tensor? t, Tensor input, Tensor? keep)
    {
        if (t is null || ReferenceEquals(t, input) || ReferenceEquals(t, keep)) return;
        t.Dispose();
    }
}
