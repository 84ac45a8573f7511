using System.Text.Json.Serialization;
using ResNetTab.Data;

namespace ResNetTab.Data.Encoders;

/// <summary>
/// Fitted encoder of one field into numerical columns and/or categorical columns, as the preprocessor exposes it for
/// inspection (<see cref="TabularPreprocessor.Encoders"/>: column names, vocabularies, scales). Encoders
/// are immutable after fit (their state is what the saved preprocessor holds), so encoding is thread-safe. The set of
/// encoders is closed: a saved preprocessor names its encoders by kind, and a loaded file must never choose code.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "encoder")]
[JsonDerivedType(typeof(NumericEncoder), "numeric")]
[JsonDerivedType(typeof(CategoricalEncoder), "categorical")]
[JsonDerivedType(typeof(BooleanEncoder), "boolean")]
[JsonDerivedType(typeof(TimestampEncoder), "timestamp")]
[JsonDerivedType(typeof(IpEncoder), "ip")]
[JsonDerivedType(typeof(EntityDeltaEncoder), "entity_delta")]
[JsonDerivedType(typeof(ArrayBagEncoder), "array_bag")]
public abstract class FieldEncoder
{
    // Only the encoders of this package derive from FieldEncoder (see the summary).
    private protected FieldEncoder()
    {
    }

    /// <summary>Flattened path the encoder reads.</summary>
    public required string Field { get; init; }

    /// <summary>Names of the numerical columns produced, in order.</summary>
    public abstract IReadOnlyList<string> NumericalNames();

    /// <summary>Names of the categorical columns produced, in order.</summary>
    public virtual IReadOnlyList<string> CategoricalNames() => [];

    /// <summary>Cardinality (embedding size, reserved indices included) of each categorical column.</summary>
    public virtual IReadOnlyList<int> Cardinalities() => [];

    /// <summary>Short description for the plan report.</summary>
    public abstract string Describe();

    /// <summary>
    /// Encodes one value (null when the path is absent) into <paramref name="numerical"/> (length
    /// <see cref="NumericalNames"/>.Count) and <paramref name="categorical"/> (length <see cref="CategoricalNames"/>.Count).
    /// </summary>
    internal abstract void Encode(FieldValue? value, Span<float> numerical, Span<long> categorical, DriftTally drift);

    /// <summary>Number of numerical columns, computed without building their names (checked against a loaded file's lists first).</summary>
    internal virtual long NumericalWidth => NumericalNames().Count;

    /// <summary>What makes a loaded encoder unusable (a null list, an impossible parameter), or null when it is usable.</summary>
    internal virtual string? FindProblem() => null;
}
