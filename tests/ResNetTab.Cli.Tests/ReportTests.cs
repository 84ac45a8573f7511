using System.Diagnostics;

namespace ResNetTab.Cli.Tests;

[Collection(ToolCollection.Name)]
public sealed class ReportTests(ToolFixture fixture)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public void Report_is_self_contained_and_renders_every_chart_in_headless_chromium()
    {
        var result = Tool.Run(fixture.Root, "report", "model.bundle", "scores.jsonl", "--labels", "labels.csv", "--output", "report.html");
        result.ExitCode.Should().Be(0, result.ToString());
        var html = File.ReadAllText(fixture.PathOf("report.html"));
        // Nothing is fetched: no external script, style sheet, image or font (SVG namespaces are names, not requests).
        html.Should().NotMatchRegex(@"url\((?!#)", "references are to the page itself (clip paths)");
        html.Should().NotContain("<link").And.NotContain("src=").And.NotContain("@import").And.NotContain("https://");
        foreach (var id in new[] { "chart-scores", "chart-roc", "chart-pr", "chart-losses", "chart-map-score", "chart-map-label", "top-anomalies", "feature-plan" })
            html.Should().Contain($"id=\"{id}\"");

        File.Exists(Chromium).Should().BeTrue("scripts/setup.sh installs Debian's chromium for this test");
        var dom = Browse("--dump-dom");
        dom.Stdout.Should().Contain("data-charts=\"6\"", "all six charts are laid out with content");
        dom.Stderr.Should().NotContain("CONSOLE", "the page logs nothing (a chart that is not drawn logs an error)");
        var screenshot = Path.Combine(AppContext.BaseDirectory, "report.png");
        var shot = Browse($"--screenshot={screenshot}", "--window-size=1400,3000");
        shot.ExitCode.Should().Be(0);
        new FileInfo(screenshot).Length.Should().BeGreaterThan(50_000, "the screenshot shows the charts");
    }

    private Tool.Result Browse(params string[] extra)
    {
        var profile = Directory.CreateTempSubdirectory("resnettab-chromium").FullName;
        try
        {
            var info = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0" }) info.ArgumentList.Add(a);
            foreach (var a in extra) info.ArgumentList.Add(a);
            info.ArgumentList.Add(new Uri(fixture.PathOf("report.html")).AbsoluteUri);
            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(2))) p.Kill(true);
            return new Tool.Result(p.ExitCode, stdout.Result, stderr.Result);
        }
        finally
        {
            Directory.Delete(profile, true);
        }
    }
}
