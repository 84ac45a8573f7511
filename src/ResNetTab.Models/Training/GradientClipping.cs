using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Models.Training;

/// <summary>Gradient clipping that stays on the device (torch's <c>clip_grad_norm_</c> returns the norm to the host every step).</summary>
internal static class GradientClipping
{
    /// <summary>Scales all gradients by min(1, maxNorm / (‖g‖₂ + 1e-6)), as PyTorch's <c>clip_grad_norm_</c>.</summary>
    public static void ClipByNorm(IReadOnlyList<Parameter> parameters, double maxNorm)
    {
        using var scope = NewDisposeScope();
        var grads = parameters.Select(p => p.grad).Where(g => g is not null).Cast<Tensor>().ToList();
        if (grads.Count == 0) return;
        var total = stack(grads.Select(g => g.detach().norm()).ToArray()).norm();
        var coefficient = (maxNorm / (total + 1e-6)).clamp_max(1.0);
        using (no_grad())
            foreach (var g in grads) g.mul_(coefficient);
    }
}
