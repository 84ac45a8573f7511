using ResNetTab.Data.Ocsf;

namespace ResNetTab.Data;

/// <summary>The plan for one flattened path: its kind, statistics and whether (and how) it is encoded.</summary>
public sealed record FieldPlan
{
    /// <summary>Flattened path.</summary>
    public required string Path { get; init; }

    /// <summary>Inferred (or overridden) kind.</summary>
    public required FeatureKind Kind { get; init; }

    /// <summary>OCSF schema kind of the attribute name, if known.</summary>
    public OcsfKind Ocsf { get; init; }

    /// <summary>Why this kind was chosen.</summary>
    public required string KindReason { get; init; }

    /// <summary>Share of fit records where the field is absent or null.</summary>
    public double MissingRate { get; init; }

    /// <summary>
    /// Lowest missing rate within one event class (see <see cref="FeaturePlanOptions.ClassField"/>): what the
    /// missing-rate rule and the feature cap use. Equals <see cref="MissingRate"/> without classes.
    /// </summary>
    public double ClassMissingRate { get; init; }

    /// <summary>The class (value of the class field; empty: records without it) where the field is least missing.</summary>
    public string LeastMissingClass { get; init; } = "";

    /// <summary>Distinct values seen at fit.</summary>
    public int Cardinality { get; init; }

    /// <summary>True when <see cref="Cardinality"/> is a lower bound (tracking cap reached).</summary>
    public bool CardinalityIsLowerBound { get; init; }

    /// <summary>Whether the field is encoded.</summary>
    public bool Selected { get; init; }

    /// <summary>The chosen encoding, or why the field was dropped.</summary>
    public required string Encoding { get; init; }
}
