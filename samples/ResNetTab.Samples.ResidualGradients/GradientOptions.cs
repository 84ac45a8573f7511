using System.CommandLine;

namespace ResNetTab.Samples.ResidualGradients;

/// <summary>Command-line options of the sample.</summary>
internal sealed record GradientOptions(string PlotPath)
{
    /// <summary>Parses the command line; returns the exit code when the sample should not run (help shown or a wrong command line).</summary>
    public static int? Parse(string[] args, out GradientOptions options)
    {
        var plot = new Option<string>("--out", "-o")
        {
            Description = "the SVG plot to write",
            HelpName = "plot.svg",
            DefaultValueFactory = _ => "gradient_magnitudes.svg",
        };
        plot.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (string.IsNullOrWhiteSpace(value) || value.StartsWith('-'))
                r.AddError($"--out needs the path of the SVG file to write, not '{value}'.");
        });
        var command = new RootCommand("""
            Prints the gradient magnitude per layer of a 10-layer plain and a residual Linear network (and writes
            them as an SVG plot), then parameter counts of basic vs bottleneck blocks.
            """) { plot };
        options = new GradientOptions("");
        if (SampleCommandLine.Parse(command, args, out var result) is { } exit) return exit;
        options = new GradientOptions(result.GetValue(plot)!);
        return null;
    }
}
