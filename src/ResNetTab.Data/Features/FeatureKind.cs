namespace ResNetTab.Data;

/// <summary>What a flattened field is, which decides how it is encoded.</summary>
public enum FeatureKind
{
    /// <summary>A measure: scaled numeric column plus a missing indicator.</summary>
    Numeric,
    /// <summary>A category: vocabulary index or hashed bucket.</summary>
    Categorical,
    /// <summary>True/false: a 0/1 numeric column.</summary>
    Boolean,
    /// <summary>A point in time: hour-of-day and day-of-week as sin/cos pairs.</summary>
    Timestamp,
    /// <summary>An IP address: hashed address, hashed network (/24 or /64), private flag.</summary>
    IpAddress,
    /// <summary>Identifier or free text: near-unique, not encoded.</summary>
    Identifier,
    /// <summary>
    /// The values of one field across an array of objects (<c>observables[].type_id</c>): per-value counts for a
    /// small vocabulary, otherwise a hashed bag of counts.
    /// </summary>
    ArrayBag,
}
