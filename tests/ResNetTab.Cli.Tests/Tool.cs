using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace ResNetTab.Cli.Tests;

/// <summary>Runs the built tool in a child process.</summary>
internal static class Tool
{
    private static string Metadata(string key) =>
        typeof(Tool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;

    public static string Dll { get; } = Path.Combine(Metadata("RepositoryRoot"), "src", "ResNetTab.Cli", "bin", Metadata("Configuration"), "net10.0", "resnettab.dll");

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["NO_COLOR"] = "1";
        return info;
    }

    public static Result Run(string workingDirectory, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"resnettab {string.Join(' ', args)} did not finish in 10 minutes.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs the tool, sends it SIGINT (Ctrl+C) when a line of its standard error matches, and waits for it to end.</summary>
    public static Result Interrupt(string workingDirectory, Func<string, bool> when, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = new StringBuilder();
        var sent = false;
        while (process.StandardError.ReadLine() is { } line)
        {
            stderr.AppendLine(line);
            if (!sent && when(line))
            {
                using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                kill.WaitForExit();
                sent = true;
            }
        }
        process.WaitForExit();
        if (!sent) throw new InvalidOperationException($"The line to interrupt at never came.\n{stderr}");
        return new Result(process.ExitCode, stdout.Result, stderr.ToString());
    }
}
