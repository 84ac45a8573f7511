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
}
