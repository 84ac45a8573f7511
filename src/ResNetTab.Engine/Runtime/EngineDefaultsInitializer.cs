// Compiled into every ResNetTab assembly that uses libtorch (see their project files): whichever of them a
// program touches first applies the runtime defaults before TorchSharp loads libtorch.
using System.Runtime.CompilerServices;

namespace ResNetTab.Engine.Runtime;

/// <summary>
/// Applies <see cref="TorchRuntime"/>'s defaults when the assembly is first used, and warns when TorchSharp's native
/// bridge will not load on this machine for a reason the build step fixes (<see cref="NativeBridgeCheck"/>).
/// </summary>
internal static class EngineDefaultsInitializer
{
#pragma warning disable CA2255 // a library initializer on purpose: the settings must precede libtorch's loading
    [ModuleInitializer]
    internal static void Initialize()
    {
        TorchRuntime.ApplyDefaults();
        NativeBridgeCheck.WarnIfBridgeCannotLoad();
    }
#pragma warning restore CA2255
}
