namespace ResNetTab.Cli.Tests;

/// <summary>Help, unknown options and bad values: no fitting needed.</summary>
public sealed class UsageTests
{
    private static readonly string Here = Path.GetTempPath();

    [Theory]
    [InlineData("generate")]
    [InlineData("fit")]
    [InlineData("score")]
    [InlineData("evaluate")]
    [InlineData("embed")]
    [InlineData("report")]
    [InlineData("inspect")]
    public void Every_command_answers_help(string command)
    {
        var result = Tool.Run(Here, command, "--help");
        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("Usage:").And.Contain($"resnettab {command}").And.Contain("--verbose");
    }

    [Fact]
    public void The_tool_lists_its_commands()
    {
        var result = Tool.Run(Here, "--help");
        result.ExitCode.Should().Be(0);
        foreach (var c in new[] { "generate", "fit", "score", "evaluate", "embed", "report", "inspect" }) result.Stdout.Should().Contain(c);
        Tool.Run(Here).ExitCode.Should().Be(1, "no command is a usage error");
    }

    [Fact]
    public void Unknown_option_is_an_error()
    {
        var result = Tool.Run(Here, "fit", "events.jsonl", "--output", "b", "--bogus");
        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("--bogus");
        Tool.Run(Here, "frobnicate").ExitCode.Should().Be(1);
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("0", "--epochs must be a positive whole number, got 0")]
    [InlineData("-3", "--epochs must be a positive whole number, got -3")]
    public void Bad_epochs_are_errors(string value, string message)
    {
        var result = Tool.Run(Here, "fit", "events.jsonl", "--output", "b", "--epochs", value);
        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.Should().Contain(message);
    }

    [Fact]
    public void Bad_values_of_other_options_are_errors()
    {
        var format = Tool.Run(Here, "score", "b", "e.jsonl", "--output", "scores.txt");
        format.ExitCode.Should().Be(1);
        format.Stderr.Should().Contain("--output must end in .jsonl, .csv or .parquet");
        var shard = Tool.Run(Here, "score", "b", "e.jsonl", "--output", "s.jsonl", "--shard", "3/2");
        shard.ExitCode.Should().Be(1);
        shard.Stderr.Should().Contain("not a shard");
        var contamination = Tool.Run(Here, "fit", "e.jsonl", "--output", "b", "--contamination", "0.9");
        contamination.ExitCode.Should().Be(1);
        contamination.Stderr.Should().Contain("--contamination must lie in (0, 0.5]");
        var required = Tool.Run(Here, "generate");
        required.ExitCode.Should().Be(1);
        required.Stderr.Should().Contain("--output");
    }

    [Fact]
    public void Missing_inputs_exit_with_2_and_say_what_is_missing()
    {
        var dir = Directory.CreateTempSubdirectory("resnettab-missing").FullName;
        var fit = Tool.Run(dir, "fit", "nothing.jsonl", "--output", "b");
        fit.ExitCode.Should().Be(2, fit.ToString());
        fit.Stderr.Should().Contain("nothing.jsonl");
        var score = Tool.Run(dir, "score", "no.bundle", "nothing.jsonl", "--output", "s.jsonl");
        score.ExitCode.Should().Be(2);
        score.Stderr.Should().Contain("No model bundle at 'no.bundle'");
        var evaluate = Tool.Run(dir, "evaluate", "none.jsonl", "--labels", "none.csv");
        evaluate.ExitCode.Should().Be(2);
        evaluate.Stderr.Should().Contain("none.jsonl");
        Directory.Delete(dir, true);
    }
}
