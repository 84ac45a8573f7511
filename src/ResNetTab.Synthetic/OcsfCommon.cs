using System.Globalization;
using System.Text.Json;
using ResNetTab.Data;

namespace ResNetTab.Synthetic;

/// <summary>Writes the attributes every OCSF class shares: classification, time, metadata, device, actor, cloud.</summary>
internal static class OcsfCommon
{
    public static void Classification(Utf8JsonWriter w, int classUid, string className, int categoryUid, string categoryName,
        int activityId, string activityName, int severityId, bool failed)
    {
        w.WriteNumber("class_uid", classUid);
        w.WriteString("class_name", className);
        w.WriteNumber("category_uid", categoryUid);
        w.WriteString("category_name", categoryName);
        w.WriteNumber("activity_id", activityId);
        w.WriteString("activity_name", activityName);
        w.WriteNumber("type_uid", classUid * 100L + activityId);
        w.WriteString("type_name", className + ": " + activityName);
        w.WriteNumber("severity_id", severityId);
        w.WriteString("severity", severityId switch { 1 => "Informational", 2 => "Low", 3 => "Medium", 4 => "High", 5 => "Critical", _ => "Unknown" });
        w.WriteNumber("status_id", failed ? 2 : 1);
        w.WriteString("status", failed ? "Failure" : "Success");
    }

    public static void Time(Utf8JsonWriter w, long ms, int offsetMinutes)
    {
        w.WriteNumber("time", ms);
        w.WriteString("time_dt", DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.WriteNumber("timezone_offset", offsetMinutes);
    }

    public static void Metadata(Utf8JsonWriter w, string uid, long ms, string product, string vendor, string productVersion,
        string feature, string logName, string eventCode, string[] profiles, SplitMix64 rng)
    {
        w.WriteStartObject("metadata");
        w.WriteString("uid", uid);
        w.WriteString("version", "1.5.0");
        w.WriteString("log_name", logName);
        w.WriteString("log_provider", vendor + " " + product);
        w.WriteString("event_code", eventCode);
        w.WriteNumber("logged_time", ms + rng.Between(50, 4000));
        w.WriteNumber("processed_time", ms + rng.Between(4000, 60000));
        w.WriteString("correlation_uid", rng.NextHex(16));
        w.WriteString("tenant_uid", "tenant-0042");
        w.WriteStartArray("profiles");
        foreach (var p in profiles) w.WriteStringValue(p);
        w.WriteEndArray();
        w.WriteStartObject("product");
        w.WriteString("name", product);
        w.WriteString("vendor_name", vendor);
        w.WriteString("version", productVersion);
        w.WriteString("lang", "en");
        w.WriteStartObject("feature");
        w.WriteString("name", feature);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Device(Utf8JsonWriter w, HostProfile h)
    {
        w.WriteStartObject("device");
        w.WriteString("hostname", h.Hostname);
        w.WriteString("name", h.Hostname[..h.Hostname.IndexOf('.', StringComparison.Ordinal)]);
        w.WriteString("uid", h.Uid);
        w.WriteString("ip", h.Ip);
        w.WriteString("mac", h.Mac);
        w.WriteString("type", h.IsServer ? "Server" : "Desktop");
        w.WriteNumber("type_id", h.IsServer ? 1 : 2);
        w.WriteString("domain", "corp.example");
        w.WriteString("subnet_uid", h.Subnet);
        w.WriteString("region", h.IsServer ? "us-east-1" : h.Place.Region);
        w.WriteBoolean("is_managed", true);
        w.WriteBoolean("is_compliant", h.Os.Version != "10.0.19045");
        w.WriteStartObject("os");
        w.WriteString("name", h.Os.Name);
        w.WriteString("type", h.Os.Type);
        w.WriteNumber("type_id", h.Os.TypeId);
        w.WriteString("version", h.Os.Version);
        w.WriteString("build", h.Os.Build);
        w.WriteEndObject();
        w.WriteStartObject("location");
        w.WriteString("country", h.Place.Country);
        w.WriteString("city", h.Place.City);
        w.WriteEndObject();
        w.WriteStartArray("agent_list");
        w.WriteStartObject();
        w.WriteString("name", "SensorAgent");
        w.WriteString("version", h.AgentVersion);
        w.WriteNumber("type_id", 1);
        w.WriteString("type", "Endpoint Detection and Response");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A user object (for <c>actor.user</c> or the logon target <c>user</c>).</summary>
    public static void User(Utf8JsonWriter w, string propertyName, UserProfile u, bool withCredential = false)
    {
        w.WriteStartObject(propertyName);
        w.WriteString("name", u.Name);
        if (withCredential) w.WriteString("credential_uid", u.AccessKey);
        w.WriteString("uid", u.Uid);
        w.WriteString("email_addr", u.Email);
        w.WriteString("domain", "CORP");
        w.WriteString("full_name", u.IsService ? u.Name : u.Name + " (" + u.Title + ")");
        w.WriteString("type", u.IsService ? "System" : "User");
        w.WriteNumber("type_id", u.IsService ? 3 : 1);
        w.WriteBoolean("has_mfa", u.MfaEnabled);
        w.WriteStartObject("account");
        w.WriteString("type", "LDAP Account");
        w.WriteNumber("type_id", 1);
        w.WriteString("uid", u.Uid);
        w.WriteEndObject();
        w.WriteStartObject("org");
        w.WriteString("name", "Example Corp");
        w.WriteString("ou_name", u.Department);
        w.WriteString("uid", "o-7f3e2a");
        w.WriteEndObject();
        w.WriteStartArray("groups");
        w.WriteStartObject();
        w.WriteString("name", u.Department + "-staff");
        w.WriteString("uid", "g-" + u.Department);
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("name", "all-employees");
        w.WriteString("uid", "g-all");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void Actor(Utf8JsonWriter w, UserProfile u, long ms, bool remote, ProgramInfo? process, SplitMix64 rng,
        bool withCredential = false)
    {
        w.WriteStartObject("actor");
        User(w, "user", u, withCredential);
        w.WriteStartObject("session");
        w.WriteString("uid", "0x" + rng.NextHex(6).ToUpperInvariant());
        w.WriteNumber("created_time", ms - rng.Between(60_000, 8 * 3_600_000));
        w.WriteBoolean("is_remote", remote);
        w.WriteString("issuer", "corp.example");
        w.WriteEndObject();
        if (process != null)
        {
            w.WriteStartObject("process");
            w.WriteString("name", process.Name);
            w.WriteNumber("pid", rng.Between(300, 65000));
            w.WriteString("cmd_line", process.CmdLine);
            w.WriteStartObject("file");
            w.WriteString("name", process.Name);
            w.WriteString("path", Join(process.Folder, process.Name));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteString("app_name", u.IsService ? "scheduler" : "interactive");
        w.WriteEndObject();
    }

    public static void Cloud(Utf8JsonWriter w, UserProfile u)
    {
        w.WriteStartObject("cloud");
        w.WriteString("provider", "AWS");
        w.WriteString("region", u.Place.Country == "US" ? "us-east-1" : "eu-west-1");
        w.WriteStartObject("account");
        w.WriteString("uid", "123456789012");
        w.WriteString("name", "corp-prod");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>OCSF observables: the main indicators of the event, as the <c>observables</c> array.</summary>
    public static void Observables(Utf8JsonWriter w, params (string Name, int TypeId, string Type, string Value)[] items)
    {
        w.WriteStartArray("observables");
        foreach (var (name, typeId, type, value) in items)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteNumber("type_id", typeId);
            w.WriteString("type", type);
            w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void Endpoint(Utf8JsonWriter w, string propertyName, string ip, int port, string? hostname, Place? place,
        int? asn = null, string? asName = null, string? svcName = null)
    {
        w.WriteStartObject(propertyName);
        w.WriteString("ip", ip);
        w.WriteNumber("port", port);
        if (hostname != null) w.WriteString("hostname", hostname);
        if (svcName != null) w.WriteString("svc_name", svcName);
        if (place != null)
        {
            w.WriteStartObject("location");
            w.WriteString("country", place.Country);
            w.WriteString("region", place.Region);
            w.WriteString("city", place.City);
            w.WriteNumber("lat", place.Lat);
            w.WriteNumber("long", place.Lon);
            w.WriteEndObject();
        }
        if (asn != null)
        {
            w.WriteStartObject("autonomous_system");
            w.WriteNumber("number", asn.Value);
            w.WriteString("name", asName);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    public static string Join(string folder, string name) =>
        folder.Contains('\\', StringComparison.Ordinal) ? folder + "\\" + name : folder + "/" + name;

    public static int EphemeralPort(SplitMix64 rng) => rng.Between(49152, 65535);

    /// <summary>Offset in minutes of the user's office from UTC (fixed, no daylight saving: synthetic).</summary>
    public static int OffsetMinutes(Place p) => p.Country switch
    {
        "US" => p.City == "San Jose" ? -480 : -300,
        "GB" or "IE" => 0,
        "DE" => 60,
        _ => 0,
    };
}
