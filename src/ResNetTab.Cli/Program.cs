// The resnettab command-line tool. Exit codes: 0 success, 1 usage error (unknown option, bad value), 2 bad input
// (missing file, invalid bundle or data), 130 interrupted (Ctrl+C).
using ResNetTab.Cli;

return await CliApplication.RunAsync(args).ConfigureAwait(false);
