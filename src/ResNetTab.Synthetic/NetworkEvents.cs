using System.Globalization;
using System.Text.Json;
using ResNetTab.Data;

namespace ResNetTab.Synthetic;

/// <summary>Network Activity (class 4001, category Network Activity): flow records from a firewall / flow log.</summary>
internal static class NetworkEvents
{
    public static void Write(Utf8JsonWriter w, EventSpec s, string uid, SplitMix64 rng, ProfileCatalog c)
    {
        var u = s.User;
        var scan = s.Anomaly == AnomalyKind.PortScan;
        // Destination: explicit (scan target, rare destination), else popular internet services or an internal server.
        var ext = s.Destination ?? (s.DstIp == null && rng.Chance(u.IsService ? 0.3 : 0.7) ? rng.PickSkewed(c.Destinations) : null);
        HostProfile? server = s.Server ?? (ext == null && s.DstIp == null ? rng.Pick(c.Servers) : null);
        var dstIp = s.DstIp ?? ext?.Ip ?? server!.Ip;
        var svc = rng.Pick(Vocabulary.CommonServices);
        // A slow scan's connection is an ordinary one to its server: the service of the port it names.
        if (s.Server != null && s.DstPort is { } named) svc = Array.Find(Vocabulary.CommonServices, x => x.Port == named);
        if (ext != null && !scan) svc = Vocabulary.CommonServices[0];
        var port = s.DstPort ?? svc.Port;
        var proto = scan ? "tcp" : svc.Protocol;

        long bytesOut, bytesIn, packetsOut, packetsIn, durationMs;
        if (scan)
        {
            bytesOut = 60; bytesIn = 0; packetsOut = 1; packetsIn = rng.Chance(0.5) ? 1 : 0; durationMs = rng.Between(0, 3);
        }
        else
        {
            bytesOut = s.BytesOut ?? (long)Math.Min(2e7, rng.LogNormal(7.5, 1.4));
            bytesIn = (long)Math.Min(5e8, rng.LogNormal(9.5, 2.0));
            packetsOut = Math.Max(1, bytesOut / 1200 + rng.Between(1, 6));
            packetsIn = Math.Max(1, bytesIn / 1400 + rng.Between(1, 6));
            durationMs = s.BytesOut != null ? (long)(bytesOut / rng.Between(5_000, 40_000)) : (long)rng.LogNormal(6.5, 1.5);
        }
        var refused = scan;
        var activity = refused ? (Id: 5, Name: "Refuse") : rng.Chance(0.7) ? (Id: 6, Name: "Traffic") : (Id: 2, Name: "Close");
        var start = s.TimeMs - durationMs;

        w.WriteStartObject();
        OcsfCommon.Classification(w, 4001, "Network Activity", 4, "Network Activity", activity.Id, activity.Name, 1, refused);
        OcsfCommon.Time(w, s.TimeMs, 0);
        w.WriteNumber("start_time", start);
        w.WriteNumber("end_time", s.TimeMs);
        w.WriteNumber("duration", durationMs);
        w.WriteString("message", refused ? "Connection refused" : "Flow record");
        OcsfCommon.Metadata(w, uid, s.TimeMs, "Firewall", "PaloAlto", "11.1.2", "Traffic", "traffic", refused ? "deny" : "end",
            ["network", "host"], rng);
        OcsfCommon.Device(w, s.Host);
        OcsfCommon.Actor(w, u, s.TimeMs, false, null, rng);

        var src = s.Source;
        if (src != null) OcsfCommon.Endpoint(w, "src_endpoint", src.Ip, OcsfCommon.EphemeralPort(rng), null, src.Place, src.Asn, src.AsName);
        else
        {
            w.WriteStartObject("src_endpoint");
            w.WriteString("ip", s.Host.Ip);
            w.WriteNumber("port", OcsfCommon.EphemeralPort(rng));
            w.WriteString("hostname", s.Host.Hostname);
            w.WriteString("mac", s.Host.Mac);
            w.WriteString("subnet_uid", s.Host.Subnet);
            w.WriteString("interface_uid", "eni-" + (StableHash.Fnv1a64(s.Host.Hostname) & 0xFFFFFFF).ToString("x7", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        if (ext != null) OcsfCommon.Endpoint(w, "dst_endpoint", dstIp, port, ext.Domain, ext.Place, ext.Asn, ext.AsName, svc.Service);
        else OcsfCommon.Endpoint(w, "dst_endpoint", dstIp, port, server?.Hostname, null, svcName: scan ? null : svc.Service);

        var outbound = ext != null;
        w.WriteStartObject("connection_info");
        w.WriteString("uid", rng.NextHex(12));
        w.WriteString("protocol_name", proto);
        w.WriteNumber("protocol_num", proto == "tcp" ? 6 : 17);
        w.WriteNumber("protocol_ver_id", 4);
        w.WriteString("direction", outbound ? "Outbound" : src != null ? "Inbound" : "Lateral");
        w.WriteNumber("direction_id", outbound ? 2 : src != null ? 1 : 3);
        w.WriteString("boundary", outbound || src != null ? "External" : "Internal");
        w.WriteNumber("boundary_id", outbound || src != null ? 3 : 2);
        if (proto == "tcp") w.WriteNumber("tcp_flags", refused ? 2 : 27);
        w.WriteEndObject();

        w.WriteStartObject("traffic");
        w.WriteNumber("bytes_in", bytesIn);
        w.WriteNumber("bytes_out", bytesOut);
        w.WriteNumber("bytes", bytesIn + bytesOut);
        w.WriteNumber("packets_in", packetsIn);
        w.WriteNumber("packets_out", packetsOut);
        w.WriteNumber("packets", packetsIn + packetsOut);
        w.WriteEndObject();

        w.WriteString("disposition", refused ? "Blocked" : "Allowed");
        w.WriteNumber("disposition_id", refused ? 2 : 1);
        w.WriteString("action", refused ? "Denied" : "Allowed");
        w.WriteNumber("action_id", refused ? 2 : 1);
        w.WriteString("app_name", scan ? "incomplete" : svc.Service);
        OcsfCommon.Observables(w, ("src_endpoint.ip", 2, "IP Address", src?.Ip ?? s.Host.Ip), ("dst_endpoint.ip", 2, "IP Address", dstIp));
        w.WriteEndObject();
    }
}
