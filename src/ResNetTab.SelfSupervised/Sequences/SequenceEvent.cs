namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>One event given to <see cref="SequenceWindower"/>.</summary>
/// <param name="Entity">The entity key (see <see cref="SequenceWindower.Key"/> for several fields).</param>
/// <param name="TimeMs">Event time, epoch milliseconds.</param>
/// <param name="Index">The caller's index of the event (returned in <see cref="SequenceWindow.Events"/>).</param>
/// <param name="Features">The event's features (its embedding, optionally followed by encoded fields).</param>
public readonly record struct SequenceEvent(string Entity, long TimeMs, long Index, ReadOnlyMemory<float> Features);
