// Compiled by MSBuild's RoslynCodeTaskFactory against netstandard2.0 (see ResNetTab.Engine.targets): one self-contained class.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one symbol-version requirement of ELF64 shared libraries weak (VER_FLG_WEAK in the
/// <c>.gnu.version_r</c> section), so that the dynamic loader accepts the library where that version is missing.
/// </summary>
public class ResNetTabWeakenVersionRequirement : Microsoft.Build.Utilities.Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>The libraries to patch (each is rewritten through a temporary file and a rename).</summary>
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version requirement to weaken, e.g. GLIBCXX_3.4.32.</summary>
    [Required] public string Version { get; set; } = "";

    /// <summary>auto: only when this machine's libstdc++ lacks the version; true: always.</summary>
    [Required] public string Mode { get; set; } = "auto";

    public override bool Execute()
    {
        if (string.Equals(Mode, "auto", StringComparison.OrdinalIgnoreCase) && SystemProvides(Version))
        {
            Log.LogMessage(MessageImportance.Low, $"ResNetTab: this machine's libstdc++ provides {Version}; nothing to patch.");
            return true;
        }
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                var bytes = File.ReadAllBytes(path);
                var changed = Weaken(bytes, Version);
                if (changed < 0)
                {
                    Log.LogMessage(MessageImportance.Low, $"ResNetTab: {path} does not require {Version}.");
                    continue;
                }
                if (changed == 0) continue; // already weak
                // Never write through a hard link or into a package cache: write a new file and rename it over the copy.
                var temporary = path + ".resnettab-patch.tmp";
                File.WriteAllBytes(temporary, bytes);
                File.Replace(temporary, path, null);
                Log.LogMessage(MessageImportance.Normal, $"ResNetTab: marked the {Version} requirement of {path} weak (this machine's libstdc++ lacks it).");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
            {
                Log.LogError($"ResNetTab: cannot mark the {Version} requirement of {path} weak: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on every version-needed entry named <paramref name="version"/>.
    /// Returns the number of entries changed, 0 when all were already weak, -1 when none exists.
    /// </summary>
    public static int Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a little-endian 64-bit ELF file");
        long sectionTable = (long)U64(elf, 0x28);
        int sectionSize = U16(elf, 0x3A), sectionCount = U16(elf, 0x3C);
        if (sectionTable <= 0 || sectionTable + (long)sectionSize * sectionCount > elf.Length)
            throw new InvalidDataException("section header table lies outside the file");
        int found = 0, changed = 0;
        for (int s = 0; s < sectionCount; s++)
        {
            int header = checked((int)(sectionTable + (long)s * sectionSize));
            if (U32(elf, header + 4) != ShtGnuVerneed) continue;
            int offset = checked((int)U64(elf, header + 24));
            uint link = U32(elf, header + 40), count = U32(elf, header + 44);
            int strings = checked((int)U64(elf, checked((int)(sectionTable + (long)link * sectionSize)) + 24));
            int need = offset;
            for (uint n = 0; n < count; n++)
            {
                int auxCount = U16(elf, need + 2);
                int aux = need + (int)U32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    if (NameAt(elf, strings + (int)U32(elf, aux + 8)) == version)
                    {
                        found++;
                        ushort flags = U16(elf, aux + 4);
                        if ((flags & VerFlagWeak) == 0)
                        {
                            flags |= VerFlagWeak;
                            elf[aux + 4] = (byte)flags;
                            elf[aux + 5] = (byte)(flags >> 8);
                            changed++;
                        }
                    }
                    uint nextAux = U32(elf, aux + 12);
                    if (nextAux == 0) break;
                    aux += (int)nextAux;
                }
                uint next = U32(elf, need + 12);
                if (next == 0) break;
                need += (int)next;
            }
        }
        return found == 0 ? -1 : changed;
    }

    /// <summary>Whether a libstdc++ the loader would find on this machine defines <paramref name="version"/>.</summary>
    public static bool SystemProvides(string version)
    {
        var candidates = new[]
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        };
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (var candidate in candidates)
        {
            if (!File.Exists(candidate)) continue;
            return IndexOf(File.ReadAllBytes(candidate), needle) >= 0;
        }
        return true; // no libstdc++ found where glibc systems keep it: not a system this patch is for
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = Array.IndexOf(haystack, needle[0]); i >= 0 && i <= haystack.Length - needle.Length; i = Array.IndexOf(haystack, needle[0], i + 1))
        {
            int j = 1;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }

    private static string NameAt(byte[] elf, int start)
    {
        int end = Array.IndexOf(elf, (byte)0, start);
        return Encoding.ASCII.GetString(elf, start, end - start);
    }

    private static ushort U16(byte[] b, int i) => BitConverter.ToUInt16(b, i);
    private static uint U32(byte[] b, int i) => BitConverter.ToUInt32(b, i);
    private static ulong U64(byte[] b, int i) => BitConverter.ToUInt64(b, i);
}
