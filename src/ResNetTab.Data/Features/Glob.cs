using System.Text;
using System.Text.RegularExpressions;

namespace ResNetTab.Data;

/// <summary>
/// Glob patterns over flattened paths: <c>*</c> matches any run of characters (dots included),
/// <c>?</c> one character; everything else is literal. <c>actor.*</c> matches every field under <c>actor</c>.
/// </summary>
internal sealed class Glob
{
    private readonly Regex _regex;

    /// <summary>Compiles a pattern.</summary>
    public Glob(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Pattern = pattern;
        var sb = new StringBuilder("^");
        foreach (var c in pattern)
        {
            sb.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }
        sb.Append('$');
        _regex = new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <summary>The pattern text.</summary>
    public string Pattern { get; }

    /// <summary>True when <paramref name="path"/> matches the whole pattern.</summary>
    public bool IsMatch(string path) => _regex.IsMatch(path);

    /// <summary>True when any pattern matches.</summary>
    public static bool AnyMatch(IEnumerable<Glob> globs, string path) => globs.Any(g => g.IsMatch(path));
}
