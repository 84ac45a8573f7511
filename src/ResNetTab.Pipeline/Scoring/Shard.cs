using System.Globalization;

namespace ResNetTab.Pipeline;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/>: a contiguous block of the sorted input files, so the outputs of shards
/// 0 … n−1, concatenated in order, equal the output of one run over every file.
/// </summary>
/// <param name="Index">0-based shard index.</param>
/// <param name="Count">Number of shards.</param>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>Parses <c>i/n</c> (0 ≤ i &lt; n).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The shard.</returns>
    /// <exception cref="FormatException">The text is not <c>i/n</c> with 0 ≤ i &lt; n.</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < 1 || index >= count)
            throw new FormatException($"'{text}' is not a shard: expected i/n with 0 <= i < n, e.g. 0/4.");
        return new Shard(index, count);
    }

    /// <summary>This shard's block of <paramref name="files"/>.</summary>
    /// <param name="files">Every input file, in order.</param>
    /// <returns>The files of this shard.</returns>
    public IReadOnlyList<string> Select(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var start = (int)((long)files.Count * Index / Count);
        var end = (int)((long)files.Count * (Index + 1) / Count);
        return [.. files.Skip(start).Take(end - start)];
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
