using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace ResNetTab.Cli;

/// <summary>Runs a command's body: logging, Ctrl+C, and one clear message and exit code per kind of failure.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(bool verbose, Func<ILogger, CancellationToken, Task<int>> body, CancellationToken parserToken)
    {
        using var factory = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .AddFilter(level => level >= (verbose ? LogLevel.Information : LogLevel.Warning)));
        var logger = factory.CreateLogger("resnettab");
        // Ctrl+C: the first press cancels the work (stopped after the current batch, checkpoint kept); the process is not killed.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(parserToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await body(logger, cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("resnettab: interrupted; finished work is kept (fit resumes from its checkpoint when run again).");
            return CliApplication.Interrupted;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or FormatException
            or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"resnettab: {e.Message}");
            logger.LogDebug(e, "Failure");
            return CliApplication.InputError;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>A console for progress and tables: standard error, so piped standard output stays clean.</summary>
    public static IAnsiConsole Display { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
}
