namespace ResNetTab.Samples.Tests;

/// <summary>
/// Every sample parses its command line the same way: <c>--help</c> exits 0, an unknown option, a missing value or
/// a bad value exits 2 with an <c>error:</c> line naming the problem and no stack trace, before any work is done.
/// </summary>
public sealed class SampleCommandLineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    public static TheoryData<string, string[], string> WrongCommandLines => new()
    {
        { "ResNetTab.Samples.QuickStart", ["--bogus"], "*Unrecognized command or argument '--bogus'*" },
        { "ResNetTab.Samples.QuickStart", ["extra"], "*Unrecognized command or argument 'extra'*" },
        { "ResNetTab.Samples.CustomBlock", ["--epochs", "3"], "*Unrecognized command or argument '--epochs'*" },
        { "ResNetTab.Samples.ResidualGradients", ["--out"], "*Required argument missing for option: '--out'*" },
        { "ResNetTab.Samples.ResidualGradients", ["plot.svg"], "*Unrecognized command or argument 'plot.svg'*" },
        { "ResNetTab.Samples.CifarResNet", ["--epochs", "ten"], "*Cannot parse argument 'ten' for option '--epochs'*" },
        { "ResNetTab.Samples.CifarResNet", ["--synthetic", "--epochs", "0"], "*--epochs must be a positive number, not 0*" },
        { "ResNetTab.Samples.CifarResNet", ["--synthetic", "--lr", "-0.1"], "*--lr must be a positive number*" },
        { "ResNetTab.Samples.CifarResNet", ["--synthetic", "--data", "x"], "*either --data or --synthetic*" },
        { "ResNetTab.Samples.CifarResNet", ["--synthetic", "--shuffle"], "*Unrecognized command or argument '--shuffle'*" },
        { "ResNetTab.Samples.OcsfAnomalyDetection", ["--count", "abc"], "*Cannot parse argument 'abc' for option '--count'*" },
        { "ResNetTab.Samples.OcsfAnomalyDetection", ["--count", "-5"], "*--count must be a positive number, not -5*" },
        { "ResNetTab.Samples.OcsfAnomalyDetection", ["--pretrain-seconds", "NaN"], "*--pretrain-seconds must be a positive number, not NaN*" },
        { "ResNetTab.Samples.OcsfAnomalyDetection", ["--cout", "100"], "*Unrecognized command or argument '--cout'*" },
        { "ResNetTab.Samples.OcsfAnomalyDetection", ["--events", "no/such/events.jsonl"], "*--events: Input file not found: no/such/events.jsonl*" },
        { "ResNetTab.Samples.OcsfAnomalyDetection", ["--events", "no-such-folder/*.jsonl"], "*--events: No input matches no-such-folder/*.jsonl*" },
        { "ResNetTab.Samples.OcsfAnomalyDetection", ["--labels", "labels.csv"], "*--labels describes --events: give both*" },
    };

    [Theory]
    [MemberData(nameof(WrongCommandLines))]
    public void A_wrong_command_line_exits_with_2_and_says_why(string sample, string[] args, string message)
    {
        using var dir = new TempFolder();
        var (code, output) = SampleRunner.Run(sample, sample, dir.Path, Timeout, args);
        code.Should().Be(2, output);
        output.Should().Match(message).And.Contain("error: ").And.Contain("--help");
        output.Should().NotContain("Exception").And.NotContain("   at ", "a wrong command line is not a crash");
        Directory.EnumerateFileSystemEntries(dir.Path).Should().BeEmpty("nothing runs on a wrong command line");
    }

    [Theory]
    [InlineData("ResNetTab.Samples.QuickStart", "-h")]
    [InlineData("ResNetTab.Samples.ResidualGradients", "-?")]
    [InlineData("ResNetTab.Samples.CifarResNet", "--help")]
    [InlineData("ResNetTab.Samples.OcsfAnomalyDetection", "-h")]
    public void Every_help_alias_lists_the_options(string sample, string flag)
    {
        using var dir = new TempFolder();
        var (code, output) = SampleRunner.Run(sample, sample, dir.Path, Timeout, flag);
        code.Should().Be(0, output);
        output.Should().Contain("Usage:").And.Contain("Options:").And.Contain("--help");
    }

    [Fact]
    public void ResidualGradients_writes_the_plot_named_by_out()
    {
        using var dir = new TempFolder();
        var (code, output) = SampleRunner.Run("ResNetTab.Samples.ResidualGradients", "ResNetTab.Samples.ResidualGradients", dir.Path, Timeout, "--out", "plot.svg");
        code.Should().Be(0, output);
        File.ReadAllText(Path.Combine(dir.Path, "plot.svg")).Should().StartWith("<svg");
        Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Should().Equal("plot.svg");
    }

    [Fact]
    public void OcsfAnomalyDetection_reads_the_folder_and_the_glob_its_help_promises()
    {
        using var dir = new TempFolder();
        var generated = Path.Combine(dir.Path, "generated");
        // A first run writes the synthetic events and their labels; the next runs read them from a folder and a glob.
        var (code, output) = SampleRunner.Run("ResNetTab.Samples.OcsfAnomalyDetection", "ResNetTab.Samples.OcsfAnomalyDetection", dir.Path, Timeout,
            "--count", "1200", "--out", generated, "--pretrain-seconds", "2");
        code.Should().Be(0, output);
        var events = Path.Combine(dir.Path, "events");
        Directory.CreateDirectory(events);
        File.Copy(Path.Combine(generated, "synthetic_1200_7.jsonl"), Path.Combine(events, "part-0.jsonl"));
        var labels = Path.Combine(generated, "synthetic_1200_7.labels.csv");

        foreach (var input in new[] { events, Path.Combine(events, "*.jsonl") })
        {
            (code, output) = SampleRunner.Run("ResNetTab.Samples.OcsfAnomalyDetection", "ResNetTab.Samples.OcsfAnomalyDetection", dir.Path, Timeout,
                "--events", input, "--labels", labels, "--out", Path.Combine(dir.Path, "out"), "--pretrain-seconds", "2");
            code.Should().Be(0, output);
            output.Should().Contain("1,200").And.Contain("scores identical");
        }
    }
}
