using System.Globalization;
using System.Text.Json;
using ResNetTab.Data;

namespace ResNetTab.Synthetic;

/// <summary>Process Activity (class 1007, category System Activity): process launches and exits reported by the endpoint agent.</summary>
internal static class ProcessEvents
{
    public static void Write(Utf8JsonWriter w, EventSpec s, string uid, SplitMix64 rng)
    {
        var h = s.Host;
        var program = s.Program ?? rng.PickSkewed(h.Programs, 1.3);
        var parent = h.Programs[h.IsWindows ? 0 : 1];
        var launch = s.Program != null || rng.Chance(0.6);
        var pid = rng.Between(300, 65000);

        w.WriteStartObject();
        OcsfCommon.Classification(w, 1007, "Process Activity", 1, "System Activity", launch ? 1 : 2, launch ? "Launch" : "Terminate", 1, false);
        OcsfCommon.Time(w, s.TimeMs, OcsfCommon.OffsetMinutes(h.Place));
        w.WriteString("message", launch ? "A new process has been created." : "A process has exited.");
        OcsfCommon.Metadata(w, uid, s.TimeMs, "Endpoint Agent", "SensorCo", "7.3", "Process", "process", launch ? "4688" : "4689",
            ["host"], rng);
        OcsfCommon.Device(w, h);
        OcsfCommon.Actor(w, s.User, s.TimeMs, false, parent, rng);

        w.WriteStartObject("process");
        w.WriteString("name", program.Name);
        w.WriteNumber("pid", pid);
        w.WriteString("uid", rng.NextUid());
        w.WriteString("cmd_line", program.CmdLine);
        w.WriteNumber("created_time", launch ? s.TimeMs : s.TimeMs - (long)rng.LogNormal(13, 2));
        var elevated = s.User.IsService || program.Name.StartsWith("svchost", StringComparison.Ordinal);
        w.WriteString("integrity", elevated ? "System" : "Medium");
        w.WriteNumber("integrity_id", elevated ? 5 : 3);
        WriteFile(w, program);
        w.WriteStartObject("user");
        w.WriteString("name", s.User.Name);
        w.WriteString("uid", s.User.Uid);
        w.WriteEndObject();
        w.WriteStartObject("parent_process");
        w.WriteString("name", parent.Name);
        w.WriteNumber("pid", rng.Between(4, 3000));
        w.WriteString("cmd_line", parent.CmdLine);
        w.WriteStartObject("file");
        w.WriteString("path", OcsfCommon.Join(parent.Folder, parent.Name));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        if (!launch) w.WriteNumber("exit_code", rng.Chance(0.95) ? 0 : 1);
        OcsfCommon.Observables(w, ("process.name", 9, "Process Name", program.Name), ("device.hostname", 1, "Hostname", h.Hostname));
        w.WriteEndObject();
    }

    /// <summary>The executable: path, size and hash stable per program (so a program always looks the same).</summary>
    public static void WriteFile(Utf8JsonWriter w, ProgramInfo program)
    {
        var hash = StableHash.Fnv1a64(program.Name + program.Folder);
        w.WriteStartObject("file");
        w.WriteString("name", program.Name);
        w.WriteString("path", OcsfCommon.Join(program.Folder, program.Name));
        w.WriteString("parent_folder", program.Folder);
        w.WriteNumber("size", 40_000 + (long)(hash % 30_000_000));
        w.WriteString("type", "Regular File");
        w.WriteNumber("type_id", 1);
        w.WriteStartArray("hashes");
        w.WriteStartObject();
        w.WriteString("algorithm", "SHA-256");
        w.WriteNumber("algorithm_id", 3);
        w.WriteString("value", hash.ToString("x16", CultureInfo.InvariantCulture) + (~hash).ToString("x16", CultureInfo.InvariantCulture)
            + (hash * 31).ToString("x16", CultureInfo.InvariantCulture) + (hash ^ 0x5555).ToString("x16", CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
