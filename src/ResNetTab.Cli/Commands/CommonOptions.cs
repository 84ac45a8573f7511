using System.CommandLine;

namespace ResNetTab.Cli.Commands;

/// <summary>Options and arguments several commands share.</summary>
internal static class CommonOptions
{
    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Log every step (Microsoft.Extensions.Logging, to standard error)." };

    public static Argument<string[]> Inputs(string description) => new("INPUT")
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
    };

    public static Argument<string> Bundle() => new("BUNDLE") { Description = "A model bundle written by 'resnettab fit' (a folder or a .zip)." };

    public static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError($"{name} must be a positive whole number, got {r.GetValueOrDefault<int>()}.");
        });
        return option;
    }

    public const string InputHelp = "Events: OCSF JSON, JSON Lines or CSV/TSV files (optionally .gz) or Parquet; files, folders or globs (quote globs).";
}
