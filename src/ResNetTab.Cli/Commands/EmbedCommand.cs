using System.CommandLine;
using System.Globalization;
using System.Text;
using ResNetTab.Pipeline;

namespace ResNetTab.Cli.Commands;

/// <summary><c>resnettab embed BUNDLE INPUT... --output FILE.csv</c>.</summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var bundle = CommonOptions.Bundle();
        var inputs = CommonOptions.Inputs(CommonOptions.InputHelp);
        var output = new Option<string>("--output", "-o") { Description = "CSV file: source, line, then the embedding's columns e0 … e(d-1).", Required = true };
        var batch = CommonOptions.Positive("--batch-size", "Events per batch.", 4096);
        var verbose = CommonOptions.Verbose();
        var command = new Command("embed", "Write the pretrained model's embedding of every event (for your own clustering, search or plots).")
        {
            bundle, inputs, output, batch, verbose,
        };
        command.SetAction((parse, token) => CommandRunner.RunAsync(parse.GetValue(verbose), async (logger, ct) =>
        {
            using var model = AnomalyBundle.Load(parse.GetValue(bundle)!);
            var path = parse.GetValue(output)!;
            long count = 0;
            await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" })
            {
                await writer.WriteLineAsync("source,line," + string.Join(',', Enumerable.Range(0, model.EmbeddingWidth).Select(i => $"e{i}"))).ConfigureAwait(false);
                foreach (var (location, embedding) in model.Embed(parse.GetValue(inputs)!, parse.GetValue(batch), ct))
                {
                    var line = new StringBuilder();
                    line.Append('"').Append(location?.Source.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",")
                        .Append((location?.Line ?? 0).ToString(CultureInfo.InvariantCulture));
                    foreach (var v in embedding) line.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
                    await writer.WriteLineAsync(line, ct).ConfigureAwait(false);
                    count++;
                }
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"embedded {count:N0} events ({model.EmbeddingWidth} dimensions) -> {path}"));
            return CliApplication.Success;
        }, token));
        return command;
    }
}
