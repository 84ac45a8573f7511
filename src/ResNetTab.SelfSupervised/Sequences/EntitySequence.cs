namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// The open state of one entity inside <see cref="SequenceWindower"/>: a reordering buffer of events not yet placed and
/// the last <see cref="SequenceWindowOptions.Length"/> placed steps of the current segment (a ring), never more.
/// </summary>
internal sealed class EntitySequence
{
    private readonly List<(long Time, long Index, float[] Features)> pending = [];
    private readonly float[][] ring;
    private readonly long[] ringEvents;
    private readonly int eventFeatures;
    private int placed;      // events placed in the current segment
    private int lastEmitted; // value of 'placed' when the segment's last window was emitted (0: none yet)

    public EntitySequence(string entity, int length, int eventFeatures, long? previousTime, int segment)
    {
        Entity = entity;
        this.eventFeatures = eventFeatures;
        ring = new float[length][];
        ringEvents = new long[length];
        LastPlacedTime = previousTime;
        Segment = segment;
    }

    public string Entity { get; }

    public int Segment { get; private set; }

    /// <summary>Time of the newest event seen (placed or pending).</summary>
    public long NewestTime { get; private set; } = long.MinValue;

    /// <summary>Time of the last placed event (also across segments and evictions), or null before the first.</summary>
    public long? LastPlacedTime { get; private set; }

    public int PendingCount => pending.Count;

    /// <summary>Adds an event to the reordering buffer (after those of equal time: stable).</summary>
    public void Add(long time, long index, float[] features)
    {
        var at = pending.Count;
        while (at > 0 && pending[at - 1].Time > time) at--;
        pending.Insert(at, (time, index, features));
        if (time > NewestTime) NewestTime = time;
    }

    /// <summary>Places every pending event older than <paramref name="before"/>, in time order.</summary>
    public void PlaceBefore(long before, SequenceWindowOptions options, List<SequenceWindow> output)
    {
        var n = 0;
        while (n < pending.Count && pending[n].Time < before) n++;
        for (var i = 0; i < n; i++) Place(pending[i], options, output);
        pending.RemoveRange(0, n);
    }

    /// <summary>Places every pending event and closes the segment.</summary>
    public void Close(SequenceWindowOptions options, List<SequenceWindow> output)
    {
        PlaceBefore(long.MaxValue, options, output);
        CloseSegment(output);
    }

    private void Place((long Time, long Index, float[] Features) e, SequenceWindowOptions options, List<SequenceWindow> output)
    {
        var gap = LastPlacedTime is { } previous ? e.Time - previous : 0;
        if (LastPlacedTime is not null && gap > (long)options.MaxGap.TotalMilliseconds)
        {
            if (placed > 0)
            {
                CloseSegment(output);
                Segment++;
            }
        }
        var length = ring.Length;
        var step = new float[SequenceSteps.Width(eventFeatures)];
        e.Features.CopyTo(step, 0);
        step[SequenceSteps.GapIndex(eventFeatures)] = SequenceSteps.Gap(gap);
        step[SequenceSteps.FirstIndex(eventFeatures)] = LastPlacedTime is null ? 1 : 0;
        step[SequenceSteps.PresentIndex(eventFeatures)] = 1;
        ring[placed % length] = step;
        ringEvents[placed % length] = e.Index;
        placed++;
        LastPlacedTime = e.Time;
        if (placed >= length && (placed - length) % options.Stride == 0) Emit(length, output);
    }

    private void CloseSegment(List<SequenceWindow> output)
    {
        // A segment shorter than a window gives one padded window; a longer one whose last events no regular window
        // covered gives one more window ending at its last event, so every event is in at least one window.
        if (placed > 0 && (lastEmitted == 0 || lastEmitted < placed)) Emit(Math.Min(placed, ring.Length), output);
        placed = 0;
        lastEmitted = 0;
    }

    private void Emit(int count, List<SequenceWindow> output)
    {
        var length = ring.Length;
        var width = SequenceSteps.Width(eventFeatures);
        var steps = new float[length * width];
        var events = new long[count];
        for (var k = 0; k < count; k++)
        {
            var slot = (placed - count + k) % length;
            ring[slot].CopyTo(steps, (length - count + k) * width);
            events[k] = ringEvents[slot];
        }
        output.Add(new SequenceWindow(Entity, Segment, events, steps, width));
        lastEmitted = placed;
    }
}
