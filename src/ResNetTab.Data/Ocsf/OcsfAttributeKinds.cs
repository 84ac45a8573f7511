using System.Collections.Frozen;

namespace ResNetTab.Data.Ocsf;

/// <summary>Kind of an OCSF attribute as given by the schema.</summary>
public enum OcsfKind
{
    /// <summary>Not an OCSF attribute name.</summary>
    Unknown,
    /// <summary>Integer or float measure (<c>integer_t</c>, <c>long_t</c>, <c>float_t</c> without enum).</summary>
    Numeric,
    /// <summary>Integer with an enum (<c>class_uid</c>, <c>activity_id</c>, <c>severity_id</c>, ...): a category despite being a number.</summary>
    CategoricalEnum,
    /// <summary><c>timestamp_t</c>: epoch milliseconds (<c>time</c>, <c>*_time</c>).</summary>
    Timestamp,
    /// <summary><c>datetime_t</c>: an RFC 3339 string (<c>*_dt</c>).</summary>
    DateTimeString,
    /// <summary><c>boolean_t</c>.</summary>
    Boolean,
    /// <summary>String types: categorical or free text depending on the values.</summary>
    String,
    /// <summary><c>ip_t</c>.</summary>
    IpAddress,
    /// <summary><c>port_t</c>: a number that names a service, treated as a category.</summary>
    Port,
    /// <summary><c>json_t</c>: free-form JSON.</summary>
    Json,
}

/// <summary>
/// OCSF 1.5.0 attribute kinds by attribute name, from a compact table embedded in the assembly
/// (derived from the schema's attribute-kinds table by <c>Ocsf/Resources/generate_attribute_kinds.py</c>).
/// Lookup uses the last segment of a flattened path, so <c>actor.user.uid</c> and <c>user.uid</c> share <c>uid</c>.
/// </summary>
public static class OcsfAttributeKinds
{
    private static readonly Lazy<FrozenDictionary<string, (string Type, OcsfKind Kind)>> Table = new(Load);

    /// <summary>Number of attribute names known.</summary>
    public static int Count => Table.Value.Count;

    /// <summary>Kind of an attribute name (not a path), or <see cref="OcsfKind.Unknown"/>.</summary>
    public static OcsfKind KindOf(string attributeName) =>
        Table.Value.TryGetValue(attributeName, out var e) ? e.Kind : OcsfKind.Unknown;

    /// <summary>OCSF type of an attribute name (<c>ip_t</c>, <c>integer_t</c>, ...), or null.</summary>
    public static string? TypeOf(string attributeName) =>
        Table.Value.TryGetValue(attributeName, out var e) ? e.Type : null;

    /// <summary>
    /// Attribute name of a flattened path: its last segment with array markers removed
    /// (<c>answers[0].rdata</c> → <c>rdata</c>, <c>metadata.loggers.len</c> → <c>loggers</c>).
    /// </summary>
    public static string AttributeOf(string path)
    {
        var p = path;
        if (p.EndsWith(".len", StringComparison.Ordinal) || p.EndsWith(".set", StringComparison.Ordinal)) p = p[..^4];
        var bracket = p.LastIndexOf('[');
        if (bracket >= 0 && p.EndsWith(']')) p = p[..bracket];
        var dot = p.LastIndexOf('.');
        return dot >= 0 ? p[(dot + 1)..] : p;
    }

    private static FrozenDictionary<string, (string, OcsfKind)> Load()
    {
        var asm = typeof(OcsfAttributeKinds).Assembly;
        using var stream = asm.GetManifestResourceStream("ResNetTab.Data.Ocsf.attribute_kinds.csv")
            ?? throw new InvalidOperationException("Embedded OCSF attribute table is missing from ResNetTab.Data.");
        using var reader = new StreamReader(stream);
        var d = new Dictionary<string, (string, OcsfKind)>(StringComparer.Ordinal);
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            if (line.Length == 0 || line[0] == '#' || line == "name,type,kind") continue;
            var parts = line.Split(',');
            if (parts.Length != 3) continue;
            d[parts[0]] = (parts[1], Map(parts[1], parts[2]));
        }
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static OcsfKind Map(string type, string derived) => type switch
    {
        "ip_t" => OcsfKind.IpAddress,
        "port_t" => OcsfKind.Port,
        _ => derived switch
        {
            "numeric" => OcsfKind.Numeric,
            "categorical_enum" => OcsfKind.CategoricalEnum,
            "timestamp_ms" => OcsfKind.Timestamp,
            "datetime_string" => OcsfKind.DateTimeString,
            "boolean" => OcsfKind.Boolean,
            "json" => OcsfKind.Json,
            "string_categorical_or_text" => OcsfKind.String,
            _ => OcsfKind.Unknown,
        },
    };
}
