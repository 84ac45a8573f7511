using System.Text;
using System.Text.Json;
using ResNetTab.Data;

namespace ResNetTab.Synthetic;

/// <summary>
/// One generated OCSF event: its compact UTF-8 JSON (exactly the line written to JSON Lines) and its label.
/// Synthetic data: realistic in shape, invented in content.
/// </summary>
public sealed class SyntheticEvent
{
    internal SyntheticEvent(long index, string uid, long timeMs, int classUid, string actor, string host,
        AnomalyKind anomaly, int episode, byte[] utf8Json)
    {
        Index = index;
        Uid = uid;
        TimeMs = timeMs;
        ClassUid = classUid;
        Actor = actor;
        Host = host;
        Anomaly = anomaly;
        Episode = episode;
        Utf8Json = utf8Json;
    }

    /// <summary>0-based position in the generated stream (the line number minus one in the output file).</summary>
    public long Index { get; }

    /// <summary><c>metadata.uid</c> of the event.</summary>
    public string Uid { get; }

    /// <summary><c>time</c>: epoch milliseconds, UTC.</summary>
    public long TimeMs { get; }

    /// <summary><c>class_uid</c> (3002, 4001, 4003, 1007, 1001 or 6003).</summary>
    public int ClassUid { get; }

    /// <summary>The user the event is attributed to (<c>actor.user.name</c>, or <c>user.name</c> for logins).</summary>
    public string Actor { get; }

    /// <summary><c>device.hostname</c>.</summary>
    public string Host { get; }

    /// <summary>The injected anomaly, or <see cref="AnomalyKind.None"/>.</summary>
    public AnomalyKind Anomaly { get; }

    /// <summary>True when <see cref="Anomaly"/> is not <see cref="AnomalyKind.None"/>.</summary>
    public bool IsAnomaly => Anomaly != AnomalyKind.None;

    /// <summary>1-based number of the anomaly episode (a burst or scan spans several events); 0 for normal events.</summary>
    public int Episode { get; }

    /// <summary>Compact UTF-8 JSON of the event, without a trailing newline.</summary>
    public byte[] Utf8Json { get; }

    /// <summary>The JSON as text.</summary>
    public string Json => Encoding.UTF8.GetString(Utf8Json);

    /// <summary>Parses the JSON (dispose the document).</summary>
    public JsonDocument Parse() => JsonDocument.Parse(Utf8Json);

    /// <summary>Flattens the event with the library's rules.</summary>
    public FlatRecord Flatten(JsonFlattener? flattener = null)
    {
        using var doc = Parse();
        return (flattener ?? new JsonFlattener()).Flatten(doc.RootElement);
    }
}
