using static TorchSharp.torch;

namespace ResNetTab.Models.Tabular;

/// <summary>Frees intermediate tensors of a forward pass as soon as they are used.</summary>
internal static class TabularIntermediates
{
    /// <summary>Disposes <paramref name="used"/> unless it is the same object as <paramref name="keep"/>.</summary>
    public static void Release(Tensor used, Tensor keep)
    {
        if (!ReferenceEquals(used, keep)) used.Dispose();
    }
}
