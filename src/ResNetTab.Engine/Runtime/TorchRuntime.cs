using System.Runtime.CompilerServices;

namespace ResNetTab.Engine.Runtime;

/// <summary>
/// Process-wide settings that must be in place before libtorch loads. ResNetTab applies them once, when
/// one of its assemblies is first used; a variable the user already set is never changed.
/// </summary>
/// <remarks>
/// <para>What is applied: <c>MKL_CBWR=AUTO,STRICT</c>; <c>OMP_WAIT_POLICY=PASSIVE</c> only when other processes keep
/// the machine busy at start-up; glibc malloc's mmap threshold, trim threshold and top pad (Linux, glibc).</para>
/// <para>One switch turns all of them off: the environment variable <see cref="KeepEnvironmentVariable"/>=1 at run
/// time, or the runtime configuration switch <see cref="KeepEnvironmentSwitch"/>, which the MSBuild property
/// <c>&lt;ResNetTabKeepEnvironment&gt;true&lt;/ResNetTabKeepEnvironment&gt;</c> sets in the application's
/// <c>runtimeconfig.json</c> at build time. To be certain the defaults apply before your own TorchSharp code loads
/// libtorch, call <see cref="ApplyDefaults"/> first thing in <c>Main</c>.</para>
/// <para>The defaults and the measurements behind them are listed in the README, section "Runtime defaults".</para>
/// </remarks>
public static class TorchRuntime
{
    private static readonly object Gate = new();

    /// <summary>The environment variable that, set to <c>1</c>, turns every runtime default off.</summary>
    public const string KeepEnvironmentVariable = "RESNETTAB_KEEP_ENV";

    /// <summary>
    /// The <see cref="AppContext"/> switch that, when true, turns every runtime default off. The MSBuild property
    /// <c>ResNetTabKeepEnvironment=true</c> writes it into the application's <c>runtimeconfig.json</c>; it can also be
    /// set there by hand (<c>"configProperties": {"ResNetTab.KeepEnvironment": true}</c>).
    /// </summary>
    public const string KeepEnvironmentSwitch = "ResNetTab.KeepEnvironment";

    /// <summary>Whether the application turned the runtime defaults off (<see cref="KeepEnvironmentVariable"/> or <see cref="KeepEnvironmentSwitch"/>).</summary>
    public static bool DefaultsTurnedOff =>
        Environment.GetEnvironmentVariable(KeepEnvironmentVariable) == "1"
        || (AppContext.TryGetSwitch(KeepEnvironmentSwitch, out var keep) && keep);
    private static List<string>? applied;

    /// <summary>
    /// Busy runnable threads of other processes at which libtorch's OpenMP workers sleep instead of spinning
    /// between parallel regions: one other busy thread already halves a spinning pool on two cores.
    /// </summary>
    public const double ContendedThreshold = 0.8;

    /// <summary>
    /// Runnable threads of other processes measured when the defaults were applied (null where the kernel
    /// does not report it, or when no default was applied).
    /// </summary>
    public static double? OtherRunnableThreadsAtStart { get; private set; }

    /// <summary>
    /// The environment variables <see cref="ApplyDefaults"/> chose: <c>MKL_CBWR=AUTO,STRICT</c> (MKL's
    /// conditional numerical reproducibility: identical runs give bit-identical results, at no measurable cost
    /// here), and for libtorch's OpenMP pool <c>OMP_WAIT_POLICY=PASSIVE</c> when other processes kept at least
    /// <see cref="ContendedThreshold"/> threads busy at start-up, nothing on a quiet machine (libtorch's own
    /// active wait, fastest there) or when the user set <c>OMP_WAIT_POLICY</c> or <c>GOMP_SPINCOUNT</c>.
    /// The README's "Runtime defaults" gives the measurements behind them.
    /// </summary>
    public static IReadOnlyDictionary<string, string> EnvironmentDefaults
    {
        get
        {
            ApplyDefaults();
            lock (Gate) return environmentDefaults;
        }
    }

    private static IReadOnlyDictionary<string, string> environmentDefaults = new Dictionary<string, string>();

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
    /// Applies the environment defaults and glibc malloc tuning unless the user set them or turned the defaults off
    /// (<see cref="DefaultsTurnedOff"/>). Idempotent and thread-safe; effective only before libtorch loads.
    /// </summary>
    public static void ApplyDefaults()
    {
        lock (Gate)
        {
            if (applied != null) return;
            applied = new List<string>();
            if (DefaultsTurnedOff) return;
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            {
                environmentDefaults = ChooseEnvironment();
                foreach (var (name, value) in environmentDefaults)
                    if (NativeEnvironment.SetIfUnset(name, value)) applied.Add($"{name}={value}");
            }
            applied.AddRange(MallocTuning.Apply());
        }
    }

    /// <summary>
    /// Spinning OpenMP workers are fastest on a quiet machine and collapse beside busy processes (a spinning
    /// worker holds the core its own master thread needs); sleeping workers cost a wake-up per parallel region.
    /// So the policy follows what the machine is doing when libtorch loads. The user's own OMP_WAIT_POLICY or
    /// GOMP_SPINCOUNT always wins.
    /// </summary>
    private static Dictionary<string, string> ChooseEnvironment()
    {
        // MKL's kernels otherwise round differently with the alignment of their buffers (run-to-run bit noise).
        var chosen = new Dictionary<string, string> { ["MKL_CBWR"] = "AUTO,STRICT" };
        if (NativeEnvironment.Get("OMP_WAIT_POLICY") != null || NativeEnvironment.Get("GOMP_SPINCOUNT") != null) return chosen;
        OtherRunnableThreadsAtStart = MachineLoad.OtherRunnableThreads();
        if (OtherRunnableThreadsAtStart >= ContendedThreshold) chosen["OMP_WAIT_POLICY"] = "PASSIVE";
        return chosen;
    }
}
