namespace ResNetTab.Samples.Tests;

/// <summary>Every sample runs to completion with a zero exit code and prints what it promises.</summary>
public sealed class SampleRunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Theory]
    [InlineData("ResNetTab.Samples.QuickStart")]
    [InlineData("ResNetTab.Samples.CustomBlock")]
    [InlineData("ResNetTab.Samples.ResidualGradients")]
    [InlineData("ResNetTab.Samples.CifarResNet")]
    [InlineData("ResNetTab.Samples.OcsfAnomalyDetection")]
    public void Every_sample_explains_itself_with_help(string sample)
    {
        using var dir = new TempFolder();
        var (code, output) = SampleRunner.Run(sample, sample, dir.Path, Timeout, "--help");
        code.Should().Be(0, output);
        output.Should().Contain("Usage");
        Directory.EnumerateFileSystemEntries(dir.Path).Should().BeEmpty("--help does no work");
    }

    [Fact]
    public void QuickStart_runs_both_networks_and_scores_the_embeddings()
    {
        using var dir = new TempFolder();
        var (code, output) = SampleRunner.Run("ResNetTab.Samples.QuickStart", "ResNetTab.Samples.QuickStart", dir.Path, Timeout);
        code.Should().Be(0, output);
        output.Should().Contain("ResNet-18: 11,181,642 parameters, output [2, 10]").And.Contain("embeddings [500, 32]").And.Contain("all checks hold");
    }

    [Fact]
    public void CustomBlock_builds_the_squeeze_excitation_network()
    {
        using var dir = new TempFolder();
        var (code, output) = SampleRunner.Run("ResNetTab.Samples.CustomBlock", "ResNetTab.Samples.CustomBlock", dir.Path, Timeout);
        code.Should().Be(0, output);
        output.Should().Contain("layer1.0.se.fc1.weight").And.Contain("Logits [8, 10]");
    }

    [Fact]
    public void ResidualGradients_writes_the_plot()
    {
        using var dir = new TempFolder();
        var svg = Path.Combine(dir.Path, "plot.svg");
        var (code, output) = SampleRunner.Run("ResNetTab.Samples.ResidualGradients", "ResNetTab.Samples.ResidualGradients", dir.Path, Timeout, "--out", svg);
        code.Should().Be(0, output);
        output.Should().Contain("589,824").And.Contain("69,632");
        File.ReadAllText(svg).Should().StartWith("<svg").And.Contain("</svg>");
    }

    [Fact]
    public void OcsfAnomalyDetection_pretrains_compares_the_detectors_explains_the_top_events_and_reloads_identically()
    {
        using var dir = new TempFolder();
        var (code, output) = SampleRunner.Run("ResNetTab.Samples.OcsfAnomalyDetection", "ResNetTab.Samples.OcsfAnomalyDetection", dir.Path, Timeout,
            "--count", "3000", "--out", dir.Path, "--pretrain-seconds", "20");
        code.Should().Be(0, output);
        output.Should().Contain("epoch   1/15").And.Contain("val masked").And.Contain("pretrained ");
        foreach (var scorer in new[] { "IsolationForest (raw + rarity)", "k-NN (raw + rarity)", "DefaultDetector" })
            output.Should().MatchRegex($@"\| {System.Text.RegularExpressions.Regex.Escape(scorer)} \| 0\.\d{{3}} \| 0\.\d{{3}} \| [01]\.\d{{3}} \|");
        System.Text.RegularExpressions.Regex.Matches(output, "top fields: ").Count.Should().Be(8);
        output.Should().Contain("scores identical");
        File.Exists(Path.Combine(dir.Path, "category_rarity.json")).Should().BeTrue();
        File.Exists(Path.Combine(dir.Path, "default_detector.json")).Should().BeTrue();
    }

    [Fact]
    public void CifarResNet_without_data_explains_where_to_get_it()
    {
        using var dir = new TempFolder();
        var (code, output) = SampleRunner.Run("ResNetTab.Samples.CifarResNet", "ResNetTab.Samples.CifarResNet", dir.Path, Timeout);
        code.Should().Be(2);
        output.Should().Contain("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz").And.Contain("--synthetic");

        (code, output) = SampleRunner.Run("ResNetTab.Samples.CifarResNet", "ResNetTab.Samples.CifarResNet", dir.Path, Timeout, "--data", Path.Combine(dir.Path, "missing"));
        code.Should().Be(1);
        output.Should().Contain("missing");
    }

    [Fact]
    public void CifarResNet_trains_checkpoints_and_resumes()
    {
        using var dir = new TempFolder();
        var checkpoint = Path.Combine(dir.Path, "run", "last.safetensors");
        string[] args = ["--synthetic", "--epochs", "2", "--limit", "64", "--checkpoint", checkpoint];
        var (code, output) = SampleRunner.Run("ResNetTab.Samples.CifarResNet", "ResNetTab.Samples.CifarResNet", dir.Path, Timeout, args);
        code.Should().Be(0, output);
        output.Should().Contain("epoch   1/2").And.Contain("epoch   2/2").And.Contain("test accuracy");
        File.Exists(checkpoint).Should().BeTrue();
        File.Exists(Path.Combine(dir.Path, "run", "last.weights.safetensors")).Should().BeTrue();

        (code, output) = SampleRunner.Run("ResNetTab.Samples.CifarResNet", "ResNetTab.Samples.CifarResNet", dir.Path, Timeout, args);
        code.Should().Be(0, output);
        output.Should().Contain("already holds all 2 epochs");
    }
}
