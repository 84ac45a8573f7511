using System.Text;
using System.Text.RegularExpressions;

namespace ResNetTab.Data;

/// <summary>
/// Turns an input argument into the files to read: a file is itself; a directory gives every file below it
/// (recursively); a glob gives the files it matches — <c>*</c> and <c>?</c> stay within one path segment,
/// <c>**</c> spans folders (<c>logs/**/*.json.gz</c>). Hidden files and folders (names starting with a dot,
/// such as the temporaries of an atomic save) are left out of directories and globs. Files come in ordinal
/// path order, so a read is reproducible.
/// </summary>
public static class InputFiles
{
    /// <summary>True when <paramref name="path"/> contains a glob wildcard (<c>*</c> or <c>?</c>).</summary>
    public static bool IsGlob(string path) => path.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>The files named by <paramref name="path"/> (see the class remarks).</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path, the glob matches no file, or the directory holds no file.</exception>
    public static IReadOnlyList<string> Expand(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!IsGlob(path))
        {
            if (File.Exists(path)) return [path];
            if (!Directory.Exists(path)) throw new FileNotFoundException($"Input file not found: {path}", path);
            var all = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => !IsHidden(Path.GetRelativePath(path, f)))
                .Order(StringComparer.Ordinal).ToList();
            return all.Count > 0 ? all : throw new FileNotFoundException($"Input directory holds no file: {path}", path);
        }
        var (root, pattern) = Split(path);
        if (!Directory.Exists(root)) throw new FileNotFoundException($"No input matches {path}: folder {root} not found.", path);
        var regex = ToRegex(pattern);
        var recursive = pattern.Contains('/');
        var matches = Directory.EnumerateFiles(root, "*", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f =>
            {
                var rel = Path.GetRelativePath(root, f).Replace('\\', '/');
                return !IsHidden(rel) && regex.IsMatch(rel);
            })
            .Order(StringComparer.Ordinal).ToList();
        return matches.Count > 0 ? matches : throw new FileNotFoundException($"No input file matches {path}", path);
    }

    /// <summary>The folder before the first segment with a wildcard, and the rest with '/' separators.</summary>
    private static (string Root, string Pattern) Split(string path)
    {
        var normalized = path.Replace('\\', '/');
        var wildcard = normalized.IndexOfAny(['*', '?']);
        var slash = normalized.LastIndexOf('/', wildcard);
        if (slash < 0) return (".", normalized);
        var root = slash == 0 ? "/" : normalized[..slash];
        return (root, normalized[(slash + 1)..]);
    }

    private static Regex ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    private static bool IsHidden(string relative) =>
        relative.Replace('\\', '/').Split('/').Any(s => s.Length > 1 && s[0] == '.' && s != "..");
}
