namespace ResNetTab.Cli.Tests;

/// <summary>Generated events, a bundle fitted on them and their scores, made by the tool itself once for all tests.</summary>
public sealed class ToolFixture : IDisposable
{
    public ToolFixture()
    {
        Directory.CreateDirectory(Root);
        try
        {
            Check(Tool.Run(Root, "generate", "--count", "2000", "--seed", "3", "--output", "events.jsonl", "--labels", "labels.csv"));
            Check(Tool.Run(Root, "fit", "events.jsonl", "--output", "model.bundle", "--epochs", "2", "--width", "32", "--blocks", "1", "--seed", "5"));
            Check(Tool.Run(Root, "score", "model.bundle", "events.jsonl", "--output", "scores.jsonl"));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "resnettab-cli-tests-" + Guid.NewGuid().ToString("N"));

    public string PathOf(string name) => Path.Combine(Root, name);

    public string CopyBundle()
    {
        var source = PathOf("model.bundle");
        var target = PathOf("copy-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    private static void Check(Tool.Result result)
    {
        if (result.ExitCode != 0) throw new InvalidOperationException("A setup command failed:\n" + result);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ToolCollection : ICollectionFixture<ToolFixture>
{
    public const string Name = "tool";
}
