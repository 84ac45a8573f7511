using System.Reflection;
using static TorchSharp.torch;

namespace ResNetTab.Engine.Tests.BuildStep;

/// <summary>
/// The build step that lets TorchSharp's native bridge load on GCC 12 systems: it marks one version
/// requirement weak in the output copy, idempotently, and never in the NuGet cache.
/// </summary>
public sealed class GlibcxxWeakeningTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string PackagedBridge()
    {
        var version = typeof(TorchSharp.torch).Assembly.GetName().Version!;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(packages, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    private static string OutputBridge() => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void Weakening_changes_exactly_the_flags_of_the_one_requirement_and_is_idempotent()
    {
        var original = File.ReadAllBytes(PackagedBridge());
        var patched = (byte[])original.Clone();
        ResNetTabWeakenVersionRequirement.Weaken(patched, Version).Should().Be(1, "libLibTorchSharp.so needs GLIBCXX_3.4.32 once");
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        changed.Should().ContainSingle("only the low byte of vna_flags changes");
        (patched[changed[0]] & 0x2).Should().Be(0x2, "VER_FLG_WEAK is set");
        (original[changed[0]] & 0x2).Should().Be(0, "the packaged library requires the version strictly");

        ResNetTabWeakenVersionRequirement.Weaken(patched, Version).Should().Be(0, "a second pass finds it weak already");
        ResNetTabWeakenVersionRequirement.Weaken((byte[])original.Clone(), "GLIBCXX_9.9.99").Should().Be(-1, "absent requirements are reported, not invented");
    }

    [Fact]
    public void The_build_patched_the_output_copy_only_where_the_system_lacks_the_version_and_left_the_package_alone()
    {
        ResNetTabWeakenVersionRequirement.Weaken(File.ReadAllBytes(PackagedBridge()), Version)
            .Should().Be(1, "the NuGet cache keeps the original library");
        var output = File.ReadAllBytes(OutputBridge());
        var expected = ResNetTabWeakenVersionRequirement.SystemProvides(Version) ? 1 : 0;
        ResNetTabWeakenVersionRequirement.Weaken(output, Version).Should().Be(expected,
            "the output copy is weakened exactly when this machine's libstdc++ lacks the version");
    }

    [Fact]
    public void Libtorch_loads_and_computes_through_the_bridge()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var product = a.matmul(a);
        product.data<float>().ToArray().Should().Equal(7, 10, 15, 22);
        __version__.Should().StartWith("2.10");
    }

    [Fact]
    public void Files_that_are_not_elf64_little_endian_are_refused_with_the_reason()
    {
        var act = () => ResNetTabWeakenVersionRequirement.Weaken("not an ELF file at all, just text...................................."u8.ToArray(), Version);
        act.Should().Throw<InvalidDataException>().WithMessage("not an ELF file");
    }
}
