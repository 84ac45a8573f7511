using ResNetTab.Engine.Runtime;

namespace ResNetTab.Engine.Tests.Runtime;

/// <summary>Runtime defaults are set before libtorch loads and never override what the user set.</summary>
public sealed class TorchRuntimeTests
{
    [Fact]
    public void A_variable_is_set_only_when_unset_and_the_C_library_sees_it()
    {
        var name = "RESNETTAB_TEST_" + Guid.NewGuid().ToString("N");
        NativeEnvironment.Get(name).Should().BeNull();
        NativeEnvironment.SetIfUnset(name, "first").Should().BeTrue();
        NativeEnvironment.Get(name).Should().Be("first", "getenv() (what OpenMP reads) sees the value");
        Environment.GetEnvironmentVariable(name).Should().Be("first", "the managed view agrees");
        NativeEnvironment.SetIfUnset(name, "second").Should().BeFalse("a value already set is the user's");
        NativeEnvironment.Get(name).Should().Be("first");
    }

    [Fact]
    public void Every_default_is_in_effect_either_as_applied_or_as_the_users_own_value()
    {
        var applied = TorchRuntime.AppliedDefaults;
        foreach (var (name, value) in TorchRuntime.EnvironmentDefaults)
        {
            var current = NativeEnvironment.Get(name);
            current.Should().NotBeNull($"{name} is either the default or the user's");
            if (applied.Contains($"{name}={value}")) current.Should().Be(value);
        }
        applied.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Mkl_runs_in_strict_reproducibility_mode_unless_the_user_chose_otherwise()
    {
        if (Environment.GetEnvironmentVariable("RESNETTAB_KEEP_ENV") == "1") return;
        TorchRuntime.EnvironmentDefaults.Should().Contain("MKL_CBWR", "AUTO,STRICT");
        NativeEnvironment.Get("MKL_CBWR").Should().NotBeNull();
    }

    [Fact]
    public void The_wait_policy_follows_the_load_measured_at_start_up()
    {
        if (Environment.GetEnvironmentVariable("RESNETTAB_KEEP_ENV") == "1" || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null
            && !TorchRuntime.AppliedDefaults.Contains("OMP_WAIT_POLICY=PASSIVE")) return;
        var load = TorchRuntime.OtherRunnableThreadsAtStart;
        load.Should().NotBeNull("Linux reports procs_running");
        var passive = TorchRuntime.EnvironmentDefaults.TryGetValue("OMP_WAIT_POLICY", out var policy) && policy == "PASSIVE";
        passive.Should().Be(load >= TorchRuntime.ContendedThreshold);
        MachineLoad.OtherRunnableThreads(samples: 3, intervalMilliseconds: 1).Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public void Malloc_tuning_is_applied_unless_the_user_set_the_variables()
    {
        var applied = TorchRuntime.AppliedDefaults;
        if (Environment.GetEnvironmentVariable("RESNETTAB_KEEP_ENV") == "1")
        {
            applied.Should().BeEmpty();
            return;
        }
        foreach (var (name, value) in new[] { ("MALLOC_MMAP_THRESHOLD_", MallocTuning.MmapThreshold), ("MALLOC_TOP_PAD_", MallocTuning.TopPad) })
        {
            if (Environment.GetEnvironmentVariable(name) is null) applied.Should().Contain($"{name}={value}");
            else applied.Should().NotContain(a => a.StartsWith(name, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_runtimeconfig_switch_turns_every_default_off_as_the_environment_variable_does()
    {
        if (Environment.GetEnvironmentVariable(TorchRuntime.KeepEnvironmentVariable) == "1") return;
        AppContext.TryGetSwitch(TorchRuntime.KeepEnvironmentSwitch, out var before).Should().BeFalse("nothing sets it in the test host");
        TorchRuntime.DefaultsTurnedOff.Should().BeFalse();
        try
        {
            AppContext.SetSwitch(TorchRuntime.KeepEnvironmentSwitch, true);
            TorchRuntime.DefaultsTurnedOff.Should().BeTrue();
            AppContext.SetSwitch(TorchRuntime.KeepEnvironmentSwitch, false);
            TorchRuntime.DefaultsTurnedOff.Should().BeFalse();
        }
        finally
        {
            AppContext.SetSwitch(TorchRuntime.KeepEnvironmentSwitch, false);
        }
        TorchRuntime.KeepEnvironmentSwitch.Should().Be("ResNetTab.KeepEnvironment", "the build step writes this name into runtimeconfig.json");
    }

    /// <summary>TorchSharp's bridge as the package ships it (its GLIBCXX_3.4.32 requirement strong).</summary>
    private static byte[] PackagedBridge()
    {
        var version = typeof(TorchSharp.torch).Assembly.GetName().Version!;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return File.ReadAllBytes(Path.Combine(packages, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", "libLibTorchSharp.so"));
    }

    [Fact]
    public void The_native_bridge_check_reads_whether_the_glibcxx_requirement_is_strong_or_weak()
    {
        var strong = PackagedBridge();
        NativeBridgeCheck.Requirement(strong, NativeBridgeCheck.Version).Should().BeTrue("the packaged bridge requires the version");
        var weak = (byte[])strong.Clone();
        ResNetTabWeakenVersionRequirement.Weaken(weak, NativeBridgeCheck.Version).Should().Be(1);
        NativeBridgeCheck.Requirement(weak, NativeBridgeCheck.Version).Should().BeFalse("after the build step, the requirement is weak");
        NativeBridgeCheck.Requirement(strong, "GLIBCXX_9.9.99").Should().BeNull("no such requirement");
        NativeBridgeCheck.Requirement(new byte[100], NativeBridgeCheck.Version).Should().BeNull("not an ELF file");
        for (var cut = 0; cut < strong.Length; cut += strong.Length / 97)
            NativeBridgeCheck.Requirement(strong[..cut], NativeBridgeCheck.Version).Should().NotBe(false, "a truncated file never reads as patched");
    }

    [Fact]
    public void The_native_bridge_check_advises_only_when_the_bridge_will_not_load()
    {
        using var folder = new TemporaryFolder();
        NativeBridgeCheck.Problem(folder.Path).Should().BeNull("no bridge, nothing to say");
        var bytes = PackagedBridge();
        var native = Path.Combine(folder.Path, "runtimes", "linux-x64", "native");
        Directory.CreateDirectory(native);
        File.WriteAllBytes(Path.Combine(native, "libLibTorchSharp.so"), bytes);
        var problem = NativeBridgeCheck.Problem(folder.Path);
        if (!ResNetTabWeakenVersionRequirement.SystemProvides(NativeBridgeCheck.Version))
            problem.Should().Contain(NativeBridgeCheck.Version).And.Contain("libtorch-cpu-linux-x64").And.Contain("<Import Project=\"<ResNetTab repository>/src/ResNetTab.Engine/buildTransitive/ResNetTab.Engine.targets\" />");
        else
            problem.Should().BeNull("this machine's libstdc++ provides the version");
        ResNetTabWeakenVersionRequirement.Weaken(bytes, NativeBridgeCheck.Version);
        File.WriteAllBytes(Path.Combine(native, "libLibTorchSharp.so"), bytes);
        NativeBridgeCheck.Problem(folder.Path).Should().BeNull("a patched bridge loads");
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("resnettab-bridge-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
