using System.Text;
using System.Text.RegularExpressions;

namespace ResNetTab.Core.IO;

/// <summary>
/// Writes a file so that readers see either the old or the complete new content, never a partial one: the
/// content goes to a hidden temporary <c>.{name}.{32 hex digits}.tmp</c> in the target's folder, is flushed to
/// disk, then renamed over the target. A writer that is killed midway leaves its temporary behind; every write
/// first removes the stale temporaries of the same target (see <see cref="CleanStaleTemporaries"/>).
/// </summary>
internal static partial class AtomicFile
{
    /// <summary>
    /// A temporary is stale when it has not been written to for this long and no process holds it open for
    /// writing. The age guards the instants when a live writer's temporary is not locked (just created, or
    /// closed and about to be renamed) and file systems that do not enforce the lock.
    /// </summary>
    public static readonly TimeSpan StaleAge = TimeSpan.FromMinutes(2);

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte order mark).</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>
    /// Writes the content that <paramref name="write"/> streams out. If <paramref name="write"/> throws, the target
    /// is left as it was and the temporary is removed.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        CleanStaleTemporaries(full);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            // FileShare.None locks the temporary while it is written, which tells other writers it is alive.
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>
    /// Deletes the temporaries that killed writers left for <paramref name="path"/>: files named
    /// <c>.{name}.{32 hex digits}.tmp</c> in the same folder, last written at least <see cref="StaleAge"/> ago and
    /// not held open by a live writer (they can be opened exclusively). Other files are never touched; failures are
    /// ignored (another writer may be cleaning at the same time). Returns how many were deleted.
    /// </summary>
    public static int CleanStaleTemporaries(string path, TimeSpan? staleAge = null)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        if (!Directory.Exists(dir)) return 0;
        var age = staleAge ?? StaleAge;
        var deleted = 0;
        var prefix = "." + name + ".";
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(dir, "." + EscapeWildcards(name) + ".*.tmp").ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
        foreach (var file in candidates)
        {
            var fileName = Path.GetFileName(file);
            if (!fileName.StartsWith(prefix, StringComparison.Ordinal) || !IsTemporaryName(fileName.AsSpan(prefix.Length))) continue;
            try
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) < age) continue;
                // A live writer holds the file with FileShare.None: opening it exclusively then fails.
                using (new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
                File.Delete(file);
                deleted++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // In use, already removed, or not ours to remove: leave it.
            }
        }
        return deleted;
    }

    // "{32 hex digits}.tmp"
    private static bool IsTemporaryName(ReadOnlySpan<char> rest) => rest.Length == 36 && rest.EndsWith(".tmp") && HexGuid().IsMatch(rest[..32]);

    // Enumeration patterns treat '*' and '?' as wildcards; a name holding them is matched exactly afterwards anyway.
    private static string EscapeWildcards(string name) => name.Replace('*', '?');

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex HexGuid();
}
