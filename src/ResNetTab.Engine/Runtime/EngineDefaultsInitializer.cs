// Compiled into every ResNetTab assembly that uses libtorch (see their project files): whichever of them a
// program touches first applies the runtime defaults before TorchSharp loads libtorch.
using System.Runtime.CompilerServices;

namespace ResNetTab.Engine.Runtime;

/// <summary>Applies <see cref="TorchRuntime"/>'s defaults when the assembly is first used.</summary>
internal static class EngineDefaultsInitializer
{
#pragma warning disable CA2255 // a library initializer on purpose: the settings must precede libtorch's loading
    [ModuleInitializer]
    internal static void Initialize() => TorchRuntime.ApplyDefaults();
#pragma warning restore CA2255
}
