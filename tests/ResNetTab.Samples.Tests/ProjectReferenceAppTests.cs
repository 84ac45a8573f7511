using System.Diagnostics;
using System.Reflection;

namespace ResNetTab.Samples.Tests;

/// <summary>
/// An application outside the repository that references the ResNetTab projects (not the packages): without the
/// build step it is told, before libtorch fails to load, exactly which line to add; with that line it runs, and the
/// MSBuild property <c>ResNetTabKeepEnvironment</c> turns the runtime defaults off through its runtimeconfig.json.
/// </summary>
public sealed class ProjectReferenceAppTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    private static string RepositoryRoot =>
        typeof(ProjectReferenceAppTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [Fact]
    public void An_app_referencing_the_projects_from_outside_is_told_what_to_add_and_then_runs()
    {
        using var dir = new TempFolder();
        var models = Path.Combine(RepositoryRoot, "src", "ResNetTab.Models", "ResNetTab.Models.csproj");
        var targets = Path.Combine(RepositoryRoot, "src", "ResNetTab.Engine", "buildTransitive", "ResNetTab.Engine.targets");
        File.WriteAllText(Path.Combine(dir.Path, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
                <ProjectReference Include="{models}" />
              </ItemGroup>
              <Import Project="{targets}" Condition="'$(WithResNetTabStep)' == 'true'" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir.Path, "Program.cs"), """
            using ResNetTab.Engine.Runtime;
            Console.WriteLine($"defaults turned off: {TorchRuntime.DefaultsTurnedOff}; applied: {TorchRuntime.AppliedDefaults.Count}");
            using var x = TorchSharp.torch.ones(3);
            Console.WriteLine($"sum {x.sum().item<float>()}");
            """);
        var app = Path.Combine(dir.Path, "bin", "Release", "net10.0", "App.dll");

        var (code, output) = Run("dotnet", ["build", "-c", "Release", "--nologo"], dir.Path);
        code.Should().Be(0, output);
        (code, output) = Run("dotnet", [app], dir.Path);
        if (SystemLacksGlibcxx33432())
        {
            code.Should().NotBe(0, "TorchSharp's bridge cannot load here without the build step");
            output.Should().Contain("ResNetTab: ").And.Contain("requires GLIBCXX_3.4.32")
                .And.Contain("<Import Project=\"<ResNetTab repository>/src/ResNetTab.Engine/buildTransitive/ResNetTab.Engine.targets\" />");
            output.IndexOf("ResNetTab: ", StringComparison.Ordinal).Should().BeLessThan(output.IndexOf("libtorch-cpu-linux-x64", StringComparison.Ordinal) is var i and >= 0 ? i : int.MaxValue,
                "the advice comes before TorchSharp's error");
        }
        else
        {
            code.Should().Be(0, output);
        }

        (code, output) = Run("dotnet", ["build", "-c", "Release", "--nologo", "-p:WithResNetTabStep=true", "-p:ResNetTabKeepEnvironment=true"], dir.Path);
        code.Should().Be(0, output);
        File.ReadAllText(Path.Combine(dir.Path, "bin", "Release", "net10.0", "App.runtimeconfig.json")).Should().Contain("\"ResNetTab.KeepEnvironment\": true");
        (code, output) = Run("dotnet", [app], dir.Path);
        code.Should().Be(0, output);
        output.Should().Contain("defaults turned off: True; applied: 0").And.Contain("sum 3").And.NotContain("ResNetTab: ");
    }

    /// <summary>Whether this machine's libstdc++ lacks GLIBCXX_3.4.32 (GCC 12: Debian 12, Ubuntu 22.04).</summary>
    private static bool SystemLacksGlibcxx33432()
    {
        const string libstdcxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        return OperatingSystem.IsLinux() && File.Exists(libstdcxx)
            && File.ReadAllBytes(libstdcxx).AsSpan().IndexOf("GLIBCXX_3.4.32\0"u8) < 0;
    }

    private static (int Code, string Output) Run(string file, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("RESNETTAB_KEEP_ENV");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {Timeout}");
        }
        return (process.ExitCode, stderr.Result + stdout.Result);
    }
}
