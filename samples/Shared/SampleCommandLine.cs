using System.CommandLine;
using System.CommandLine.Parsing;

namespace ResNetTab.Samples;

/// <summary>
/// How every sample treats its command line (System.CommandLine): <c>--help</c> prints the usage and exits 0; an
/// unknown option, a missing value or a value that does not parse or validate prints <c>error: …</c> to the
/// standard error and exits 2, before the sample does any work.
/// </summary>
internal static class SampleCommandLine
{
    /// <summary>The exit code of a command line the sample cannot run with.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Parses <paramref name="args"/> against <paramref name="command"/>. Returns null when the sample should run
    /// with <paramref name="result"/>, or the exit code to end with (help shown, or the command line was wrong).
    /// </summary>
    public static int? Parse(RootCommand command, string[] args, out ParseResult result)
    {
        result = command.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors) Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine("Run with --help to see the options.");
            return UsageError;
        }
        // With no action of its own on the command, an action here is --help's (or --version's).
        return result.Action is null ? null : result.Invoke();
    }

    /// <summary>Prints the usage of <paramref name="command"/> (as <c>--help</c> does).</summary>
    public static void WriteHelp(RootCommand command) => command.Parse(["--help"]).Invoke();

    /// <summary>The option's value; false when it did not parse (System.CommandLine reports that error itself).</summary>
    private static bool TryGetValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    /// <summary>Adds a validator that rejects values that are not strictly positive.</summary>
    public static Option<T> Positive<T>(this Option<T> option) where T : struct, IComparable<T>
    {
        option.Validators.Add(r =>
        {
            if (!TryGetValue(r, out T value)) return;
            if (value.CompareTo(default) <= 0 || value is double d && !double.IsFinite(d))
                r.AddError($"{option.Name} must be a positive number, not {value}.");
        });
        return option;
    }

    /// <summary>Adds a validator that rejects values that are not strictly positive (null, when allowed, passes).</summary>
    public static Option<T?> Positive<T>(this Option<T?> option) where T : struct, IComparable<T>
    {
        option.Validators.Add(r =>
        {
            if (!TryGetValue(r, out T? parsed) || parsed is not { } value) return;
            if (value.CompareTo(default) <= 0 || value is double d && !double.IsFinite(d))
                r.AddError($"{option.Name} must be a positive number, not {value}.");
        });
        return option;
    }
}
