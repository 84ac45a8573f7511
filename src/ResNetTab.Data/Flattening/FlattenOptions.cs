namespace ResNetTab.Data;

/// <summary>Rules for turning nested JSON into flat paths. Saved with a fitted preprocessor.</summary>
public sealed record FlattenOptions
{
    /// <summary>
    /// Maximum number of path segments: an object at this depth is kept as one string holding its raw
    /// JSON (usually then dropped as near-unique), an array there is only counted. Default 12.
    /// </summary>
    public int MaxDepth { get; init; } = 12;

    /// <summary>For arrays of scalars: how many leading values to keep as <c>path[0]</c> .. <c>path[k-1]</c>. Default 1.</summary>
    public int ArrayFirstK { get; init; } = 1;

    /// <summary>For arrays of scalars: add <c>path.set</c>, an order-insensitive hash of the distinct values. Default true.</summary>
    public bool HashScalarArraySets { get; init; } = true;

    /// <summary>For arrays of objects: flatten the first element under <c>path[0].</c>. Default true.</summary>
    public bool FlattenFirstObject { get; init; } = true;

    /// <summary>
    /// For arrays of objects: add one bag per scalar field of the elements, <c>path[].field</c> (nested objects
    /// included: <c>path[].reputation.score_id</c>; arrays inside the elements are not looked into), holding that
    /// field's values across all elements whatever their order (<see cref="FieldValueKind.Bag"/>). The feature plan
    /// encodes a bag as per-value counts or a hashed bag. Default true.
    /// </summary>
    public bool AggregateObjectArrays { get; init; } = true;

    /// <summary>Default options.</summary>
    public static FlattenOptions Default { get; } = new();
}
