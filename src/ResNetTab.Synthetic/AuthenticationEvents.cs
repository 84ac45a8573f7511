using System.Text.Json;
using ResNetTab.Data;

namespace ResNetTab.Synthetic;

/// <summary>Authentication (class 3002, category Identity &amp; Access Management): logons to the directory or the SSO portal.</summary>
internal static class AuthenticationEvents
{
    public static void Write(Utf8JsonWriter w, EventSpec s, string uid, SplitMix64 rng)
    {
        var u = s.User;
        // Source: an explicit (foreign) address, the user's remote addresses, or the workstation on the LAN.
        var external = s.Source;
        var remoteIp = external?.Ip ?? (s.Anomaly == AnomalyKind.UnusualHourLogin || (!u.IsService && rng.Chance(0.2)) ? rng.Pick(u.RemoteIps) : null);
        var remote = remoteIp != null && !u.IsService;
        var sso = remote;
        var logoff = !s.Failed && s.Anomaly == AnomalyKind.None && rng.Chance(0.15);

        w.WriteStartObject();
        OcsfCommon.Classification(w, 3002, "Authentication", 3, "Identity & Access Management",
            logoff ? 2 : 1, logoff ? "Logoff" : "Logon", s.Failed ? 3 : 1, s.Failed);
        OcsfCommon.Time(w, s.TimeMs, OcsfCommon.OffsetMinutes(u.Place));
        w.WriteString("message", s.Failed ? "An account failed to log on." : logoff ? "An account was logged off." : "An account was successfully logged on.");
        if (s.Failed)
        {
            w.WriteString("status_code", "0xC000006A");
            w.WriteString("status_detail", "Invalid credentials: the user name or password is incorrect.");
        }
        OcsfCommon.Metadata(w, uid, s.TimeMs, sso ? "Identity Cloud" : "Microsoft Windows", sso ? "Okta" : "Microsoft",
            sso ? "2024.03.1" : "10.0", sso ? "System Log" : "Security", sso ? "okta_system" : "security",
            sso ? "user.session.start" : s.Failed ? "4625" : "4624", ["host", "datetime"], rng);
        OcsfCommon.Device(w, s.Host);
        OcsfCommon.Actor(w, u, s.TimeMs, remote, null, rng);
        OcsfCommon.User(w, "user", u);

        var protocol = sso ? (Name: "SAML", Id: 5) : u.IsService ? (Name: "Kerberos", Id: 2) : rng.Chance(0.8) ? (Name: "Kerberos", Id: 2) : (Name: "NTLM", Id: 1);
        w.WriteString("auth_protocol", protocol.Name);
        w.WriteNumber("auth_protocol_id", protocol.Id);
        var logon = sso ? (Name: "Network", Id: 3) : u.IsService ? (Name: "Service", Id: 5) : (Name: "Interactive", Id: 2);
        w.WriteString("logon_type", logon.Name);
        w.WriteNumber("logon_type_id", logon.Id);
        w.WriteBoolean("is_mfa", sso && u.MfaEnabled && !s.Failed);
        w.WriteBoolean("is_remote", remote);
        w.WriteBoolean("is_new_logon", !logoff);
        w.WriteBoolean("is_cleartext", false);

        if (remoteIp != null)
        {
            var place = external?.Place ?? u.Place;
            OcsfCommon.Endpoint(w, "src_endpoint", remoteIp, OcsfCommon.EphemeralPort(rng), null, place,
                external?.Asn ?? 7922, external?.AsName ?? "ISP-" + u.Place.Country);
        }
        else
        {
            var src = u.IsService ? u.Workstation : s.Host;
            OcsfCommon.Endpoint(w, "src_endpoint", src.Ip, OcsfCommon.EphemeralPort(rng), src.Hostname, null);
        }
        if (sso) OcsfCommon.Endpoint(w, "dst_endpoint", "52.45.10.20", 443, "login.corp.example", null, svcName: "sso");
        else OcsfCommon.Endpoint(w, "dst_endpoint", "10.0.1.14", 88, "dc01.corp.example", null, svcName: "kerberos");
        w.WriteStartObject("service");
        w.WriteString("name", sso ? "Corp SSO" : "Active Directory");
        w.WriteString("uid", sso ? "app-sso-01" : "ad-corp");
        w.WriteEndObject();
        if (sso)
        {
            w.WriteStartObject("http_request");
            // Each user has one usual browser (stable per name, so another one stands out).
            w.WriteString("user_agent", s.UserAgent ?? Vocabulary.BrowserAgents[(int)(StableHash.Fnv1a64(u.Name) % (ulong)Vocabulary.BrowserAgents.Length)]);
            w.WriteString("http_method", "POST");
            w.WriteEndObject();
        }
        OcsfCommon.Observables(w, ("user.name", 4, "User Name", u.Name), ("src_endpoint.ip", 2, "IP Address", remoteIp ?? s.Host.Ip));
        w.WriteEndObject();
    }
}
