using System.Runtime.CompilerServices;

namespace ResNetTab.Engine.Runtime;

/// <summary>
/// Process-wide settings that must be in place before libtorch loads. ResNetTab applies them once, when
/// one of its assemblies is first used; a variable the user already set is never changed.
/// </summary>
/// <remarks>
/// <para>Set <c>RESNETTAB_KEEP_ENV=1</c> to apply none of them. To be certain they apply before your own
/// TorchSharp code loads libtorch, call <see cref="ApplyDefaults"/> first thing in <c>Main</c>.</para>
/// <para>The defaults and the measurements behind them are listed in the README, section "Threading".</para>
/// </remarks>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static List<string>? applied;

    /// <summary>
    /// Environment variables set for libtorch's OpenMP pool when the user has not set them. Empty means
    /// libtorch's own behaviour is kept.
    /// </summary>
    public static IReadOnlyDictionary<string, string> EnvironmentDefaults { get; } = new Dictionary<string, string>();

    /// <summary>What <see cref="ApplyDefaults"/> set in this process (<c>NAME=value</c>), in order.</summary>
    public static IReadOnlyList<string> AppliedDefaults
    {
        get
        {
            ApplyDefaults();
            lock (Gate) return applied!.ToArray();
        }
    }

    /// <summary>
    /// Applies the environment defaults and glibc malloc tuning unless the user set them or
    /// <c>RESNETTAB_KEEP_ENV=1</c>. Idempotent and thread-safe; effective only before libtorch loads.
    /// </summary>
    public static void ApplyDefaults()
    {
        lock (Gate)
        {
            if (applied != null) return;
            applied = new List<string>();
            if (Environment.GetEnvironmentVariable("RESNETTAB_KEEP_ENV") == "1") return;
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            {
                foreach (var (name, value) in EnvironmentDefaults)
                    if (NativeEnvironment.SetIfUnset(name, value)) applied.Add($"{name}={value}");
            }
            applied.AddRange(MallocTuning.Apply());
        }
    }
}

/// <summary>Applies <see cref="TorchRuntime"/>'s defaults when the assembly is first used.</summary>
internal static class EngineModuleInitializer
{
#pragma warning disable CA2255 // a library initializer on purpose: the settings must precede libtorch's loading
    [ModuleInitializer]
    internal static void Initialize() => TorchRuntime.ApplyDefaults();
#pragma warning restore CA2255
}
