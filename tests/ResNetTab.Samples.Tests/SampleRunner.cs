using System.Diagnostics;
using System.Reflection;

namespace ResNetTab.Samples.Tests;

/// <summary>Runs a built sample with <c>dotnet</c> and captures what it prints.</summary>
internal static class SampleRunner
{
    private static string Metadata(string key) =>
        typeof(SampleRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>The sample's built assembly (samples/&lt;folder&gt;/bin/&lt;configuration&gt;/net10.0/&lt;name&gt;.dll).</summary>
    public static string AssemblyPath(string folder, string name)
    {
        var path = Path.Combine(Metadata("RepositoryRoot"), "samples", folder, "bin", Metadata("Configuration"), "net10.0", name + ".dll");
        File.Exists(path).Should().BeTrue($"the sample is built at {path}");
        return path;
    }

    /// <summary>Runs the sample to completion (or fails after <paramref name="timeout"/>).</summary>
    public static (int exitCode, string output) Run(string folder, string name, string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(AssemblyPath(folder, name));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} did not finish within {timeout}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

/// <summary>A temporary folder removed on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "resnettab-sample-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
