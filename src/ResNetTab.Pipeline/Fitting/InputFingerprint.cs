using System.Security.Cryptography;
using System.Text;
using ResNetTab.Data;

namespace ResNetTab.Pipeline;

/// <summary>Expands inputs to files and fingerprints them (names, sizes, content hashes), so a bundle records what it learnt from.</summary>
internal static class InputFingerprint
{
    /// <summary>Every file of every input, in order, each once.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            var expanded = InputFiles.Expand(input);
            if (expanded.Count == 0) throw new FileNotFoundException($"The input '{input}' matches no file.", input);
            foreach (var f in expanded)
                if (seen.Add(Path.GetFullPath(f))) files.Add(f);
        }
        return files;
    }

    public static InputSummary Compute(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var entries = new List<InputFile>();
        var all = new StringBuilder();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stream = File.OpenRead(file);
            var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
            var entry = new InputFile(Path.GetFileName(file), stream.Length, hash);
            entries.Add(entry);
            all.Append(entry.Name).Append('\t').Append(entry.Bytes).Append('\t').Append(hash).Append('\n');
        }
        return new InputSummary
        {
            Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString()))),
            Files = entries,
        };
    }
}
