using System.Globalization;
using System.Text.Json;
using ResNetTab.Data;

namespace ResNetTab.Synthetic;

/// <summary>File System Activity (class 1001, category System Activity): files created, read, changed and deleted.</summary>
internal static class FileEvents
{
    private static readonly (int Id, string Name)[] Activities = [(2, "Read"), (2, "Read"), (1, "Create"), (3, "Update"), (3, "Update"), (4, "Delete"), (5, "Rename")];

    public static void Write(Utf8JsonWriter w, EventSpec s, string uid, SplitMix64 rng)
    {
        var h = s.Host;
        var u = s.User;
        var program = rng.PickSkewed(h.Programs, 1.3);
        var activity = rng.Pick(Activities);
        var stem = rng.PickSkewed(Vocabulary.FileStems, 1.5);
        var ext = rng.PickSkewed(Vocabulary.FileExtensions, 1.5);
        var name = stem + "_" + rng.Between(1, 60).ToString(CultureInfo.InvariantCulture) + ext;
        var folder = h.IsWindows
            ? (u.IsService ? @"D:\Data\" + u.Name : @"C:\Users\" + u.Name + @"\Documents")
            : (u.IsService ? "/var/lib/" + u.Name : "/home/" + u.Name + "/work");
        var size = (long)rng.LogNormal(10, 2);
        var created = s.TimeMs - (long)rng.LogNormal(18, 2);

        w.WriteStartObject();
        OcsfCommon.Classification(w, 1001, "File System Activity", 1, "System Activity", activity.Id, activity.Name, 1, false);
        OcsfCommon.Time(w, s.TimeMs, OcsfCommon.OffsetMinutes(h.Place));
        w.WriteString("message", "File " + activity.Name.ToLowerInvariant());
        OcsfCommon.Metadata(w, uid, s.TimeMs, "Endpoint Agent", "SensorCo", "7.3", "File", "file", "4663", ["host"], rng);
        OcsfCommon.Device(w, h);
        OcsfCommon.Actor(w, u, s.TimeMs, false, program, rng);

        w.WriteStartObject("file");
        w.WriteString("name", name);
        w.WriteString("path", OcsfCommon.Join(folder, name));
        w.WriteString("parent_folder", folder);
        w.WriteNumber("size", size);
        w.WriteString("type", "Regular File");
        w.WriteNumber("type_id", 1);
        w.WriteString("mime_type", ext switch
        {
            ".pdf" => "application/pdf", ".json" => "application/json", ".png" => "image/png", ".zip" => "application/zip",
            ".txt" or ".log" or ".csv" => "text/plain", _ => "application/vnd.openxmlformats-officedocument",
        });
        w.WriteNumber("created_time", created);
        w.WriteNumber("modified_time", activity.Id is 1 or 3 ? s.TimeMs : created + (long)rng.LogNormal(15, 2));
        w.WriteNumber("accessed_time", s.TimeMs);
        w.WriteBoolean("is_system", false);
        w.WriteString("confidentiality", u.Department is "finance" or "legal" or "hr" ? "Confidential" : "Not Confidential");
        w.WriteNumber("confidentiality_id", u.Department is "finance" or "legal" or "hr" ? 2 : 1);
        w.WriteStartObject("owner");
        w.WriteString("name", u.Name);
        w.WriteString("uid", u.Uid);
        w.WriteEndObject();
        w.WriteStartArray("hashes");
        w.WriteStartObject();
        w.WriteString("algorithm", "SHA-256");
        w.WriteNumber("algorithm_id", 3);
        w.WriteString("value", rng.NextHex(64));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        if (activity.Id == 5)
        {
            w.WriteStartObject("file_result");
            w.WriteString("name", stem + "_old" + ext);
            w.WriteString("path", OcsfCommon.Join(folder, stem + "_old" + ext));
            w.WriteEndObject();
        }
        w.WriteStartObject("access_mask_info");
        w.WriteString("name", activity.Id == 2 ? "ReadData" : "WriteData");
        w.WriteNumber("mask", activity.Id == 2 ? 1 : 2);
        w.WriteEndObject();
        OcsfCommon.Observables(w, ("file.name", 7, "File Name", name), ("device.hostname", 1, "Hostname", h.Hostname));
        w.WriteEndObject();
    }
}
