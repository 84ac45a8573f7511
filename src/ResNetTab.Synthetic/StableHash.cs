using System.Text;

namespace ResNetTab.Synthetic;

/// <summary>FNV-1a 64 over UTF-8: derives stable decorations (agents, addresses) from names.</summary>
internal static class StableHash
{
    public static ulong Fnv1a64(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
