using System.Buffers.Binary;
using System.Text;

namespace ResNetTab.Engine.Runtime;

/// <summary>
/// Foresees the one libtorch load failure ResNetTab knows how to fix, and says how. TorchSharp's native bridge
/// (<c>libLibTorchSharp.so</c>) requires <c>GLIBCXX_3.4.32</c>; on Debian 12 / Ubuntu 22.04 the build step in
/// <c>buildTransitive/ResNetTab.Engine.targets</c> marks that requirement weak in the application's output. NuGet
/// runs that step for applications that reference the packages; an application that references the ResNetTab
/// projects from outside this repository does not get it, and TorchSharp then reports a misleading missing
/// <c>libtorch-cpu-linux-x64</c> package. When the bridge beside the application still requires the version and
/// this machine's libstdc++ lacks it, the load will certainly fail: this writes what to do to the standard error
/// before it happens. It never throws and costs two file reads on Linux only.
/// </summary>
internal static class NativeBridgeCheck
{
    internal const string Version = "GLIBCXX_3.4.32";

    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    private static readonly string[] LibStdCxx =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
    ];

    private static int checkedOnce;

    /// <summary>Writes the advice to the standard error when <see cref="Problem"/> finds one; once per process.</summary>
    public static void WarnIfBridgeCannotLoad()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref checkedOnce, 1) == 1) return;
        if (Problem(AppContext.BaseDirectory) is { } problem) Console.Error.WriteLine(problem);
    }

    /// <summary>The advice, or null when the bridge beside the application in <paramref name="baseDirectory"/> will load (or is not there).</summary>
    public static string? Problem(string baseDirectory)
    {
        try
        {
            foreach (var bridge in new[] { Path.Combine(baseDirectory, "libLibTorchSharp.so"), Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"), Path.Combine(baseDirectory, "runtimes", "linux-arm64", "native", "libLibTorchSharp.so") })
            {
                if (!File.Exists(bridge) || Requirement(File.ReadAllBytes(bridge), Version) != true) continue;
                if (SystemProvides(Version)) return null;
                return $"""
                    ResNetTab: {bridge} requires {Version}, which this machine's libstdc++ lacks, so libtorch will fail to load
                    (TorchSharp then reports a missing libtorch-cpu-linux-x64 package: that is not the cause). ResNetTab's build
                    step marks the requirement weak in the build output; NuGet runs it for applications that reference the
                    ResNetTab packages, but not for one that references the ResNetTab projects from outside their repository.
                    Add to this application's project file, and rebuild:
                      <Import Project="<ResNetTab repository>/src/ResNetTab.Engine/buildTransitive/ResNetTab.Engine.targets" />
                    or reference the ResNetTab packages instead of the projects.
                    """;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only advice: a file that cannot be read changes nothing.
        }
        return null;
    }

    /// <summary>
    /// Whether the ELF64 little-endian library <paramref name="elf"/> requires <paramref name="version"/> strongly (true),
    /// only weakly (false), or not at all / is not such a library (null). Every offset is bounds-checked.
    /// </summary>
    internal static bool? Requirement(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1) return null;
        var span = elf.AsSpan();
        long table = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        int size = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]), count = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        if (size < 64 || table <= 0 || table + (long)size * count > elf.Length) return null;
        bool? found = null;
        for (var s = 0; s < count; s++)
        {
            var header = (int)(table + (long)s * size);
            if (BinaryPrimitives.ReadUInt32LittleEndian(span[(header + 4)..]) != ShtGnuVerneed) continue;
            var link = BinaryPrimitives.ReadUInt32LittleEndian(span[(header + 40)..]);
            if (link >= count) return null;
            var strings = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[(int)(table + link * size + 24)..]);
            long need = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[(header + 24)..]);
            var needs = BinaryPrimitives.ReadUInt32LittleEndian(span[(header + 44)..]);
            for (uint n = 0; n < needs && need >= 0 && need + 16 <= elf.Length; n++)
            {
                int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(need + 2)..]);
                long aux = need + BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(need + 8)..]);
                for (var a = 0; a < auxCount && aux + 16 <= elf.Length; a++)
                {
                    var name = strings + BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 8)..]);
                    if (name < elf.Length && NameAt(span[(int)name..]) == version)
                    {
                        var weak = (BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(aux + 4)..]) & VerFlagWeak) != 0;
                        if (!weak) return true;
                        found = false;
                    }
                    var nextAux = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 12)..]);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var next = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(need + 12)..]);
                if (next == 0) break;
                need += next;
            }
        }
        return found;
    }

    private static string NameAt(ReadOnlySpan<byte> text)
    {
        var end = text.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? text : text[..end]);
    }

    /// <summary>Whether the libstdc++ the loader would find defines <paramref name="version"/> (true where none is found).</summary>
    private static bool SystemProvides(string version)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (var candidate in LibStdCxx)
            if (File.Exists(candidate)) return File.ReadAllBytes(candidate).AsSpan().IndexOf(needle) >= 0;
        return true;
    }
}
