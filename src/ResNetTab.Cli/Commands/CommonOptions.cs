using System.CommandLine;

namespace ResNetTab.Cli.Commands;

/// <summary>Options and arguments several commands share.</summary>
internal static class CommonOptions
{
    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Log every step (Microsoft.Extensions.Logging, to standard error)." };

    public static Argument<string[]> Inputs(string description)
    {
        var inputs = new Argument<string[]>("INPUT") { Description = description, Arity = ArgumentArity.OneOrMore };
        // An unknown option after the inputs would otherwise be taken for one more input.
        inputs.Validators.Add(r =>
        {
            foreach (var t in r.Tokens)
                if (t.Value.StartsWith('-')) r.AddError($"Unrecognized option '{t.Value}' (see --help).");
        });
        return inputs;
    }

    public static Argument<string> Bundle() => new("BUNDLE") { Description = "A model bundle written by 'resnettab fit' (a folder or a .zip)." };

    public static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (TryGet<int>(r, out var v) && v < 1) r.AddError($"{name} must be a positive whole number, got {v}.");
        });
        return option;
    }

    /// <summary>The option's value, or false when its text did not parse (the parser reports that error itself).</summary>
    public static bool TryGet<T>(System.CommandLine.Parsing.OptionResult result, out T value)
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

    public const string InputHelp = "Events: OCSF JSON, JSON Lines or CSV/TSV files (optionally .gz) or Parquet; files, folders or globs (quote globs).";
}
