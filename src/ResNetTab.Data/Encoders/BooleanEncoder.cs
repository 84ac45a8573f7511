using ResNetTab.Data;

namespace ResNetTab.Data.Encoders;

/// <summary>
/// Boolean → <c>field</c> as 1/0 (also accepting "true"/"false" text and 0/1 numbers) and, when fit saw
/// it missing, <c>field.is_missing</c>.
/// </summary>
public sealed class BooleanEncoder : FieldEncoder
{
    /// <summary>Whether the <c>.is_missing</c> column exists.</summary>
    public bool MissingIndicator { get; init; }

    /// <inheritdoc />
    public override IReadOnlyList<string> NumericalNames() => MissingIndicator ? [Field, Field + ".is_missing"] : [Field];

    /// <inheritdoc />
    public override string Describe() => "0/1" + (MissingIndicator ? ", is_missing" : "");

    /// <inheritdoc />
    internal override void Encode(FieldValue? value, Span<float> numerical, Span<long> categorical, DriftTally drift)
    {
        bool? b = null;
        if (value is { IsNull: false } v)
        {
            b = v.Kind switch
            {
                FieldValueKind.Boolean => v.Number != 0,
                FieldValueKind.Number when v.Number is 0 or 1 => v.Number == 1,
                FieldValueKind.String when bool.TryParse(v.Text, out var t) => t,
                _ => null,
            };
            if (b == null) drift.WrongType(Field);
        }
        numerical[0] = b == true ? 1 : 0;
        if (MissingIndicator) numerical[1] = b == null ? 1 : 0;
    }
}
