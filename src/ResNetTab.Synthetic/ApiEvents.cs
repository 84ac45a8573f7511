using System.Globalization;
using System.Text.Json;
using ResNetTab.Data;

namespace ResNetTab.Synthetic;

/// <summary>API Activity (class 6003, category Application Activity): cloud control-plane calls (CloudTrail-like).</summary>
internal static class ApiEvents
{
    public static void Write(Utf8JsonWriter w, EventSpec s, string uid, SplitMix64 rng)
    {
        var u = s.User;
        var (service, operations) = Vocabulary.ApiServices[rng.Pick(u.ApiServices)];
        var op = rng.PickSkewed(operations, 1.8);
        // A sequence-only episode names the call; the draws above still happen, so other events stay as they were.
        if (s.ApiService is { } chosen) service = Vocabulary.ApiServices[chosen].Service;
        op = s.Operation ?? op;
        var activity = op.StartsWith("Get", StringComparison.Ordinal) || op.StartsWith("List", StringComparison.Ordinal)
            || op.StartsWith("Describe", StringComparison.Ordinal) || op.StartsWith("Head", StringComparison.Ordinal)
            || op is "Query" or "Scan" or "FilterLogEvents" or "Decrypt"
            ? (Id: 2, Name: "Read")
            : op.StartsWith("Create", StringComparison.Ordinal) || op.StartsWith("Put", StringComparison.Ordinal) ? (Id: 1, Name: "Create")
            : op.StartsWith("Delete", StringComparison.Ordinal) ? (Id: 4, Name: "Delete") : (Id: 3, Name: "Update");
        var failed = rng.Chance(0.04);
        var agent = s.UserAgent ?? rng.Pick(u.UserAgents);
        var srcIp = u.IsService ? u.Workstation.Ip : rng.Chance(0.5) ? u.Workstation.Ip : rng.Pick(u.RemoteIps);
        var region = u.Place.Country == "US" ? "us-east-1" : "eu-west-1";

        w.WriteStartObject();
        OcsfCommon.Classification(w, 6003, "API Activity", 6, "Application Activity", activity.Id, activity.Name, 1, failed);
        OcsfCommon.Time(w, s.TimeMs, 0);
        if (failed)
        {
            w.WriteString("status_code", "AccessDenied");
            w.WriteString("status_detail", "User is not authorized to perform: " + service[..service.IndexOf('.', StringComparison.Ordinal)] + ":" + op);
        }
        OcsfCommon.Metadata(w, uid, s.TimeMs, "CloudTrail", "AWS", "1.09", "Management, Data, and Insights", "cloudtrail",
            "AwsApiCall", ["cloud", "datetime"], rng);
        OcsfCommon.Device(w, u.Workstation);
        OcsfCommon.Actor(w, u, s.TimeMs, !u.IsService, null, rng, withCredential: true);
        OcsfCommon.Cloud(w, u);

        w.WriteStartObject("api");
        w.WriteString("operation", op);
        w.WriteString("version", "2012-10-17");
        w.WriteStartObject("service");
        w.WriteString("name", service);
        w.WriteEndObject();
        w.WriteStartObject("request");
        w.WriteString("uid", rng.NextUid());
        w.WriteEndObject();
        w.WriteStartObject("response");
        w.WriteString("code", failed ? "403" : "200");
        if (failed) w.WriteString("error", "AccessDenied");
        w.WriteString("message", failed ? "Access Denied" : "OK");
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("http_request");
        w.WriteString("user_agent", agent);
        w.WriteString("http_method", activity.Id == 2 ? "GET" : "POST");
        w.WriteStartObject("url");
        w.WriteString("hostname", service);
        w.WriteString("path", "/");
        w.WriteString("scheme", "https");
        w.WriteNumber("port", 443);
        w.WriteEndObject();
        w.WriteEndObject();

        var internalSrc = srcIp.StartsWith("10.", StringComparison.Ordinal);
        OcsfCommon.Endpoint(w, "src_endpoint", srcIp, OcsfCommon.EphemeralPort(rng), null, u.Place,
            internalSrc ? null : 7922, internalSrc ? null : "ISP-" + u.Place.Country);
        OcsfCommon.Endpoint(w, "dst_endpoint", "52.94.0." + (StableHash.Fnv1a64(service) % 250 + 1).ToString(CultureInfo.InvariantCulture),
            443, service, null, svcName: service);

        w.WriteStartArray("resources");
        var n = rng.Between(1, 2);
        for (var i = 0; i < n; i++)
        {
            w.WriteStartObject();
            var kind = service[..service.IndexOf('.', StringComparison.Ordinal)];
            var name = kind + "-" + u.Department + "-" + rng.Between(1, 6).ToString(CultureInfo.InvariantCulture);
            w.WriteString("name", name);
            w.WriteString("type", "AWS::" + kind.ToUpperInvariant() + "::Resource");
            w.WriteString("uid", "arn:aws:" + kind + ":" + region + ":123456789012:" + name);
            w.WriteString("region", region);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        OcsfCommon.Observables(w, ("actor.user.name", 4, "User Name", u.Name), ("src_endpoint.ip", 2, "IP Address", srcIp));
        w.WriteEndObject();
    }
}
