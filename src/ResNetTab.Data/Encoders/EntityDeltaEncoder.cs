using ResNetTab.Data;

namespace ResNetTab.Data.Encoders;

/// <summary>
/// Time since the same entity's previous event: <c>{entity}.since_prev</c> = log1p(seconds since the
/// previous event with the same value at <see cref="EntityField"/>), and <c>{entity}.no_prev</c> = 1 when
/// there is none (first sighting, missing key or time). Rows are taken in batch order; pass an
/// <see cref="EntityClock"/> to carry the last times across batches. Out-of-order events give 0.
/// </summary>
public sealed class EntityDeltaEncoder : FieldEncoder
{
    /// <summary>Path of the entity key, e.g. <c>actor.user.name</c>.</summary>
    public required string EntityField { get; init; }

    /// <inheritdoc />
    public override IReadOnlyList<string> NumericalNames() => [EntityField + ".since_prev", EntityField + ".no_prev"];

    /// <inheritdoc />
    public override string Describe() => $"log1p seconds since previous event of the same {EntityField} (time: {Field})";

    /// <summary>Stateless part: returns the entity key and epoch milliseconds of a row, if both exist.</summary>
    public bool TryRead(FlatRecord row, out string entity, out double ms)
    {
        ArgumentNullException.ThrowIfNull(row);
        return TryRead(row[EntityField], row[Field], out entity, out ms);
    }

    /// <summary>The entity key and event time from the two values (null when absent); false when either is missing or unusable.</summary>
    public static bool TryRead(FieldValue? entityValue, FieldValue? time, out string entity, out double ms)
    {
        entity = "";
        ms = double.NaN;
        var key = entityValue?.ToCategory();
        if (key == null || time is not { } t || !TimestampEncoder.ToEpochMilliseconds(t, out ms)) return false;
        entity = key;
        return true;
    }

    /// <summary>Writes the two columns given the previous time (NaN when none).</summary>
    public static void Write(double ms, double previousMs, Span<float> numerical)
    {
        if (double.IsNaN(previousMs) || double.IsNaN(ms))
        {
            numerical[0] = 0;
            numerical[1] = 1;
            return;
        }
        numerical[0] = (float)NumericMath.Log1p(Math.Max(0, (ms - previousMs) / 1000.0));
        numerical[1] = 0;
    }

    /// <inheritdoc />
    internal override string? FindProblem() => string.IsNullOrEmpty(EntityField) ? "\"entityField\" is missing" : null;

    /// <summary>Not used: this encoder needs the row order; <see cref="TabularPreprocessor"/> drives it.</summary>
    internal override void Encode(FieldValue? value, Span<float> numerical, Span<long> categorical, DriftTally drift) =>
        throw new NotSupportedException("EntityDeltaEncoder works on whole batches; use TabularPreprocessor.Transform.");
}
