using System.Globalization;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// How <see cref="SequenceWindower"/> cuts an entity's events into windows: <see cref="Length"/> steps every
/// <see cref="Stride"/> events, a new segment after a silence longer than <see cref="MaxGap"/>, and a reordering allowance of
/// <see cref="AllowedLateness"/> for events that arrive out of time order.
/// </summary>
public sealed record SequenceWindowOptions
{
    /// <summary>Steps per window (L). Default 16.</summary>
    public int Length { get; init; } = 16;

    /// <summary>Events between the starts of consecutive windows of a segment (S). Default 8.</summary>
    public int Stride { get; init; } = 8;

    /// <summary>A silence longer than this ends the entity's segment; windows never span it. Default 1 hour.</summary>
    public TimeSpan MaxGap { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// An event may arrive up to this much later (in event time) than the latest event already seen for its entity and
    /// still be put in its place; an event later than that is refused. Default 0 (each entity's events arrive in time
    /// order; equal times keep their arrival order).
    /// </summary>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.Zero;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the exception names it).</exception>
    public void Validate()
    {
        if (Length < 1) throw new ArgumentOutOfRangeException(nameof(Length), Length, "Length must be at least 1.");
        if (Stride < 1 || Stride > Length)
            throw new ArgumentOutOfRangeException(nameof(Stride), Stride, string.Create(CultureInfo.InvariantCulture, $"Stride must be in [1, Length = {Length}] so that every event is in a window."));
        if (MaxGap <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxGap), MaxGap, "MaxGap must be positive.");
        if (AllowedLateness < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(AllowedLateness), AllowedLateness, "AllowedLateness must not be negative.");
    }
}
