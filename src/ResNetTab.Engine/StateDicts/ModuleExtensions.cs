using static TorchSharp.torch;

namespace ResNetTab.Engine.StateDicts;

/// <summary>Conveniences for any TorchSharp module.</summary>
public static class ModuleExtensions
{
    /// <summary>Number of scalar parameters (trainable or frozen), counting a shared parameter once — torchvision's published counts.</summary>
    /// <param name="module">The module.</param>
    /// <returns>Σ numel over <c>parameters()</c>.</returns>
    public static long ParameterCount(this nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.parameters().Sum(p => p.numel());
    }
}
