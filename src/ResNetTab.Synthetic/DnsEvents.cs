using System.Globalization;
using System.Text.Json;
using ResNetTab.Data;

namespace ResNetTab.Synthetic;

/// <summary>DNS Activity (class 4003, category Network Activity): a query and its answers seen by the resolver.</summary>
internal static class DnsEvents
{
    private static readonly int[] Ttls = [60, 300, 300, 3600];

    public static void Write(Utf8JsonWriter w, EventSpec s, string uid, SplitMix64 rng, ProfileCatalog c)
    {
        var internalName = rng.Chance(0.25);
        var dest = internalName ? null : rng.PickSkewed(c.Destinations);
        var name = internalName ? rng.Pick(Vocabulary.InternalDomains) : dest!.Domain;
        var nx = rng.Chance(0.03);
        var type = rng.Pick(Vocabulary.DnsTypes);
        var packet = rng.Between(1, 65535);
        var responseMs = Math.Round(rng.LogNormal(1.5, 1.0), 3);

        w.WriteStartObject();
        OcsfCommon.Classification(w, 4003, "DNS Activity", 4, "Network Activity", 6, "Traffic", 1, false);
        OcsfCommon.Time(w, s.TimeMs, 0);
        w.WriteString("message", "DNS query " + name);
        OcsfCommon.Metadata(w, uid, s.TimeMs, "Resolver Logs", "Infoblox", "9.0.3", "DNS", "dns", "query", ["network"], rng);
        OcsfCommon.Device(w, s.Host);
        OcsfCommon.Actor(w, s.User, s.TimeMs, false, null, rng);
        OcsfCommon.Endpoint(w, "src_endpoint", s.Host.Ip, OcsfCommon.EphemeralPort(rng), s.Host.Hostname, null);
        OcsfCommon.Endpoint(w, "dst_endpoint", "10.0.0.2", 53, "resolver.corp.example", null, svcName: "domain");
        w.WriteStartObject("connection_info");
        w.WriteString("protocol_name", "udp");
        w.WriteNumber("protocol_num", 17);
        w.WriteNumber("direction_id", 2);
        w.WriteString("direction", "Outbound");
        w.WriteEndObject();

        w.WriteStartObject("query");
        w.WriteString("hostname", name);
        w.WriteString("type", type);
        w.WriteString("class", "IN");
        w.WriteNumber("packet_uid", packet);
        w.WriteString("opcode", "Query");
        w.WriteNumber("opcode_id", 0);
        w.WriteEndObject();
        w.WriteNumber("query_time", s.TimeMs - (long)responseMs);
        w.WriteNumber("response_time", responseMs);
        w.WriteString("rcode", nx ? "NXDomain" : "NoError");
        w.WriteNumber("rcode_id", nx ? 3 : 0);

        w.WriteStartArray("answers");
        var answers = nx ? 0 : rng.Between(1, 3);
        for (var i = 0; i < answers; i++)
        {
            w.WriteStartObject();
            var rdata = type switch
            {
                "AAAA" => string.Create(CultureInfo.InvariantCulture, $"2600:1f18:{StableHash.Fnv1a64(name) & 0xFFFF:x}::{i + 1}"),
                "CNAME" => "edge-" + (i + 1).ToString(CultureInfo.InvariantCulture) + "." + name,
                "TXT" => "v=spf1 include:_spf." + name + " ~all",
                "MX" => "10 mx" + (i + 1).ToString(CultureInfo.InvariantCulture) + "." + name,
                _ => dest?.Ip ?? string.Create(CultureInfo.InvariantCulture, $"10.0.{1 + i}.{StableHash.Fnv1a64(name) % 200 + 10}"),
            };
            w.WriteString("rdata", rdata);
            w.WriteString("type", type);
            w.WriteString("class", "IN");
            w.WriteNumber("ttl", internalName ? 3600 : rng.Pick(Ttls));
            w.WriteNumber("packet_uid", packet);
            w.WriteStartArray("flag_ids");
            w.WriteNumberValue(1);
            w.WriteNumberValue(3);
            if (!internalName) w.WriteNumberValue(4);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartObject("traffic");
        w.WriteNumber("bytes_out", 40 + name.Length);
        w.WriteNumber("bytes_in", nx ? 40 + name.Length : 60 + name.Length + 16 * answers);
        w.WriteEndObject();
        OcsfCommon.Observables(w, ("query.hostname", 1, "Hostname", name), ("src_endpoint.ip", 2, "IP Address", s.Host.Ip));
        w.WriteEndObject();
    }
}
