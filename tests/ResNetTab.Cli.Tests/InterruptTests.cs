using System.Text.Json;

namespace ResNetTab.Cli.Tests;

[Collection(ToolCollection.Name)]
public sealed class InterruptTests(ToolFixture fixture)
{
    [Fact]
    public void Ctrl_C_stops_fit_cleanly_and_a_rerun_resumes_from_the_checkpoint()
    {
        string[] fit = ["fit", "events.jsonl", "--output", "resumed.bundle", "--epochs", "3", "--width", "32", "--blocks", "1", "--seed", "5"];
        var stopped = Tool.Interrupt(fixture.Root, line => line.StartsWith("epoch   1/3", StringComparison.Ordinal), fit);
        stopped.ExitCode.Should().Be(130, stopped.ToString());
        stopped.Stderr.Should().Contain("interrupted");
        File.Exists(fixture.PathOf("resumed.bundle.checkpoint.safetensors")).Should().BeTrue();
        Directory.Exists(fixture.PathOf("resumed.bundle")).Should().BeFalse("an interrupted fit writes no bundle");

        var resumed = Tool.Run(fixture.Root, fit);
        resumed.ExitCode.Should().Be(0, resumed.ToString());
        resumed.Stderr.Should().Contain("resuming from the checkpoint");
        resumed.Stderr.Should().NotContain("epoch   1/3", "the first epoch is not trained again");
        resumed.Stderr.Should().Contain("epoch   3/3");
        File.Exists(fixture.PathOf("resumed.bundle.checkpoint.safetensors")).Should().BeFalse("a finished fit removes its checkpoint");
        var inspect = Tool.Run(fixture.Root, "inspect", "resumed.bundle", "--json");
        using var manifest = JsonDocument.Parse(inspect.Stdout);
        manifest.RootElement.GetProperty("training").GetProperty("history").GetArrayLength().Should().Be(3);
    }
}
