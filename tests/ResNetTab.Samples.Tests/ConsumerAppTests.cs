using System.Diagnostics;
using System.Reflection;

namespace ResNetTab.Samples.Tests;

/// <summary>
/// The packages work for an application outside the repository: the library packages are packed into a local
/// feed, and a new console app that references them plus TorchSharp-cpu restores, builds (with the packages'
/// buildTransitive step) and runs a ResNet-18, a TabularResNet, an Isolation Forest and a subclassed block.
/// </summary>
public sealed class ConsumerAppTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    private static string RepositoryRoot =>
        typeof(ConsumerAppTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    [Fact]
    public void A_new_console_app_builds_and_runs_against_the_packed_packages()
    {
        using var dir = new TempFolder();
        // A version of its own, so the global packages folder never serves an older build of the same version.
        var version = $"0.0.0-consumer.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var feed = Path.Combine(dir.Path, "feed");
        var app = Path.Combine(dir.Path, "app");
        try
        {
            Run("dotnet", ["pack", Path.Combine(RepositoryRoot, "ResNetTab.sln"), "-c", "Release", "-o", feed, $"-p:Version={version}", "--nologo"], RepositoryRoot);
            Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Should().Contain(
                [$"ResNetTab.Core.{version}.nupkg", $"ResNetTab.Engine.{version}.nupkg", $"ResNetTab.Models.{version}.nupkg", $"ResNetTab.Anomaly.{version}.nupkg"]);

            Directory.CreateDirectory(app);
            var template = Path.Combine(AppContext.BaseDirectory, "ConsumerApp");
            File.Copy(Path.Combine(template, "Program.cs"), Path.Combine(app, "Program.cs"));
            File.Copy(Path.Combine(template, "ConsumerApp.csproj.in"), Path.Combine(app, "ConsumerApp.csproj"));
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="resnettab-local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);

            var output = Run("dotnet", ["run", "-c", "Release", $"-p:ResNetTabVersion={version}", "--nologo"], app);
            output.Should().Contain("consumer app: all checks hold");
            output.Should().NotContain("FAILED");
        }
        finally
        {
            RemoveFromGlobalPackages(version);
        }
    }

    private static string Run(string file, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {Timeout}");
        }
        var output = stdout.Result + stderr.Result;
        process.ExitCode.Should().Be(0, $"{file} {string.Join(' ', args)} failed:\n{output}");
        return output;
    }

    private static void RemoveFromGlobalPackages(string version)
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (!Directory.Exists(packages)) return;
        foreach (var package in Directory.GetDirectories(packages, "resnettab.*"))
        {
            var folder = Path.Combine(package, version);
            try
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a leftover folder only takes space
            }
        }
    }
}
