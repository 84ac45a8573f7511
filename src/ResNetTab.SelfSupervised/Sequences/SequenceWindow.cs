namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// One window of an entity's events: <see cref="Steps"/> holds <see cref="SequenceWindowOptions.Length"/> steps of
/// <see cref="SequenceSteps.Width"/> values each (row-major), the real events at the end and padding (zeros) in front.
/// </summary>
/// <param name="Entity">The entity key (the grouping fields joined by <see cref="SequenceWindower.KeySeparator"/>).</param>
/// <param name="Segment">0-based segment of the entity (a new one starts after a gap longer than the limit).</param>
/// <param name="Events">Caller's indices of the window's events, oldest first (fewer than the window length when padded).</param>
/// <param name="Steps">Row-major [length × step width] values.</param>
/// <param name="StepWidth">Values per step (<see cref="SequenceSteps.Width"/>).</param>
public sealed record SequenceWindow(string Entity, int Segment, IReadOnlyList<long> Events, float[] Steps, int StepWidth)
{
    /// <summary>Steps, padding included.</summary>
    public int Length => Steps.Length / StepWidth;

    /// <summary>Real (not padding) steps.</summary>
    public int EventCount => Events.Count;
}
