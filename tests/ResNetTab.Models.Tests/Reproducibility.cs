using System.Runtime.CompilerServices;
using ResNetTab.Engine.Runtime;

namespace ResNetTab.Models.Tests;

/// <summary>
/// MKL's GEMM kernels round differently with the alignment of their buffers, so two identical training runs
/// can differ in the last bits. Strict conditional numerical reproducibility makes them bit-identical; it has
/// to be set before libtorch loads, which is when this test assembly is loaded.
/// </summary>
internal static class Reproducibility
{
#pragma warning disable CA2255 // the setting must precede libtorch's loading
    [ModuleInitializer]
    internal static void Initialize() => NativeEnvironment.SetIfUnset("MKL_CBWR", "AUTO,STRICT");
#pragma warning restore CA2255
}
