using System.Globalization;
using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// Cuts a stream of events into per-entity windows as they arrive: events are grouped by entity key, put in time order
/// (stable for equal times; out-of-order arrivals within <see cref="SequenceWindowOptions.AllowedLateness"/> are put in
/// their place), split into segments at silences longer than <see cref="SequenceWindowOptions.MaxGap"/>, and every
/// segment is cut into windows of <see cref="SequenceWindowOptions.Length"/> steps every
/// <see cref="SequenceWindowOptions.Stride"/> events (layout: <see cref="SequenceSteps"/>).
/// </summary>
/// <remarks>
/// <para>Every event is in at least one window: a segment shorter than the length gives one window padded in front, and a
/// segment whose last events no regular window covered gives one more window ending at its last event.</para>
/// <para>Memory: an open entity holds at most <see cref="SequenceWindowOptions.Length"/> placed steps plus its reordering
/// buffer. An entity silent for longer than <see cref="SequenceWindowOptions.MaxGap"/> + lateness, measured against the
/// newest time of the whole stream, is closed and dropped (only its last event time is kept, for the next gap), so the
/// stream is expected in time order across entities up to the allowed lateness.</para>
/// </remarks>
public sealed class SequenceWindower
{
    /// <summary>Separator of the fields joined by <see cref="Key"/> (the ASCII unit separator, absent from ordinary field values).</summary>
    public const char KeySeparator = '\u001F';

    private const int SweepInterval = 4096;
    private readonly Dictionary<string, EntitySequence> open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Time, int Segment)> closed = new(StringComparer.Ordinal);
    private readonly long maxGapMs;
    private readonly long latenessMs;
    private long newest = long.MinValue;
    private long added;

    /// <summary>Creates a windower for events of <paramref name="eventFeatures"/> features.</summary>
    /// <param name="eventFeatures">Features per event (at least 1).</param>
    /// <param name="options">The window settings; the defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public SequenceWindower(int eventFeatures, SequenceWindowOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(eventFeatures, 1);
        Options = options ?? new SequenceWindowOptions();
        Options.Validate();
        EventFeatures = eventFeatures;
        maxGapMs = (long)Options.MaxGap.TotalMilliseconds;
        latenessMs = (long)Options.AllowedLateness.TotalMilliseconds;
    }

    /// <summary>The settings.</summary>
    public SequenceWindowOptions Options { get; }

    /// <summary>Features per event.</summary>
    public int EventFeatures { get; }

    /// <summary>Values per step (<see cref="SequenceSteps.Width"/>).</summary>
    public int StepWidth => SequenceSteps.Width(EventFeatures);

    /// <summary>Entities currently holding steps or pending events.</summary>
    public int OpenEntities => open.Count;

    /// <summary>Steps and pending events held in memory over all open entities (bounded by the options, not the stream).</summary>
    public long HeldEvents => open.Values.Sum(e => (long)e.PendingCount) + (open.Count * (long)Options.Length);

    /// <summary>The entity key of several grouping fields (e.g. user name and source address); null fields count as empty.</summary>
    /// <param name="fields">The field values.</param>
    /// <returns>The values joined by <see cref="KeySeparator"/>.</returns>
    public static string Key(params string?[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return string.Join(KeySeparator, fields.Select(f => f ?? string.Empty));
    }

    /// <summary>Adds one event and returns the windows it completed (usually none).</summary>
    /// <param name="entity">The entity key.</param>
    /// <param name="timeMs">Event time, epoch milliseconds.</param>
    /// <param name="index">The caller's index of the event.</param>
    /// <param name="features">The event's <see cref="EventFeatures"/> features (copied).</param>
    /// <returns>Completed windows.</returns>
    /// <exception cref="ArgumentException">The features have the wrong count or a NaN/infinity, or the event is older than the entity's events already placed (more than the allowed lateness late).</exception>
    public IReadOnlyList<SequenceWindow> Add(string entity, long timeMs, long index, ReadOnlySpan<float> features)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (features.Length != EventFeatures)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Event {index} of entity '{Readable(entity)}' has {features.Length} features; the windower was made for {EventFeatures}."), nameof(features));
        foreach (var v in features)
            if (!float.IsFinite(v))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Event {index} of entity '{Readable(entity)}' has a NaN or infinite feature."), nameof(features));
        var output = new List<SequenceWindow>();
        if (!open.TryGetValue(entity, out var sequence))
        {
            var previous = closed.Remove(entity, out var c) ? c : ((long Time, int Segment)?)null;
            sequence = new EntitySequence(entity, Options.Length, EventFeatures, previous?.Time, previous?.Segment ?? 0);
            open[entity] = sequence;
        }
        // Placed events are older than the newest minus the lateness, so an event at least that recent fits before none of them.
        var earliest = Math.Max(sequence.NewestTime == long.MinValue ? long.MinValue : sequence.NewestTime - latenessMs, sequence.LastPlacedTime ?? long.MinValue);
        if (timeMs < earliest)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Event {index} of entity '{Readable(entity)}' at {timeMs} ms is out of order: the entity already has events up to {Math.Max(sequence.NewestTime, sequence.LastPlacedTime ?? long.MinValue)} ms " +
                $"and accepts nothing before {earliest} ms (allowed lateness {latenessMs} ms). Sort the events by time or raise AllowedLateness."), nameof(timeMs));
        sequence.Add(timeMs, index, features.ToArray());
        sequence.PlaceBefore(sequence.NewestTime - latenessMs, Options, output);
        if (timeMs > newest) newest = timeMs;
        if (++added % SweepInterval == 0) Sweep(output);
        return output;
    }

    /// <summary>Places every pending event, closes every entity and returns the remaining windows (the windower is empty afterwards).</summary>
    /// <returns>The remaining windows, by entity in order of first appearance.</returns>
    public IReadOnlyList<SequenceWindow> Flush()
    {
        var output = new List<SequenceWindow>();
        foreach (var (key, sequence) in open)
        {
            sequence.Close(Options, output);
            closed[key] = (sequence.LastPlacedTime ?? 0, sequence.Segment + 1);
        }
        open.Clear();
        return output;
    }

    /// <summary>The windows of a whole stream: <see cref="Add"/> for every event, then <see cref="Flush"/>.</summary>
    /// <param name="events">The events (in time order up to the allowed lateness).</param>
    /// <param name="eventFeatures">Features per event.</param>
    /// <param name="options">The window settings; the defaults when null.</param>
    /// <returns>The windows, lazily.</returns>
    public static IEnumerable<SequenceWindow> Windows(IEnumerable<SequenceEvent> events, int eventFeatures, SequenceWindowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var windower = new SequenceWindower(eventFeatures, options);
        foreach (var e in events)
            foreach (var w in windower.Add(e.Entity, e.TimeMs, e.Index, e.Features.Span)) yield return w;
        foreach (var w in windower.Flush()) yield return w;
    }

    /// <summary>
    /// The windows of rows held in memory (e.g. embeddings of a file's events) in any order: the rows are sorted by time
    /// (stably) and streamed through a windower. Event indices are row numbers.
    /// </summary>
    /// <param name="features">One row of features per event.</param>
    /// <param name="entities">Each row's entity key.</param>
    /// <param name="timesMs">Each row's time, epoch milliseconds.</param>
    /// <param name="options">The window settings; the defaults when null.</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentException">The three inputs have different row counts.</exception>
    public static IReadOnlyList<SequenceWindow> FromRows(FeatureMatrix features, IReadOnlyList<string> entities, IReadOnlyList<long> timesMs,
        SequenceWindowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(timesMs);
        if (entities.Count != features.Rows || timesMs.Count != features.Rows)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{features.Rows} feature rows, {entities.Count} entity keys and {timesMs.Count} times: each event needs one of each."), nameof(entities));
        var order = Enumerable.Range(0, features.Rows).OrderBy(i => timesMs[i]).ToArray(); // OrderBy is stable
        var windower = new SequenceWindower(features.Columns, options);
        var output = new List<SequenceWindow>();
        foreach (var i in order) output.AddRange(windower.Add(entities[i], timesMs[i], i, features.Row(i)));
        output.AddRange(windower.Flush());
        return output;
    }

    /// <summary>Closes entities silent for longer than the gap limit plus the lateness: no later event can join their segment.</summary>
    private void Sweep(List<SequenceWindow> output)
    {
        var limit = newest - maxGapMs - latenessMs;
        List<string>? idle = null;
        foreach (var (key, sequence) in open)
            if (sequence.NewestTime < limit) (idle ??= []).Add(key);
        if (idle is null) return;
        foreach (var key in idle)
        {
            var sequence = open[key];
            sequence.Close(Options, output);
            closed[key] = (sequence.LastPlacedTime ?? 0, sequence.Segment + 1);
            open.Remove(key);
        }
    }

    private static string Readable(string entity) => entity.Replace(KeySeparator, '|');
}
