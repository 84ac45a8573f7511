using System.Globalization;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// Window and step scores turned into per-event and per-entity scores: an event's score combines the scores of the windows
/// that contain it (or its own step's scores in them), an entity's those of its windows. Per-event scores line up with the
/// events' own rows, so they join rank ensembles with point detectors.
/// </summary>
public static class SequenceScores
{
    /// <summary>Each event's score from the windows that contain it.</summary>
    /// <param name="windows">The windows (their <see cref="SequenceWindow.Events"/> are indices in [0, <paramref name="events"/>)).</param>
    /// <param name="windowScores">One score per window.</param>
    /// <param name="events">Number of events.</param>
    /// <param name="aggregation">Max or mean over the windows.</param>
    /// <returns>One score per event; NaN for an event in no window.</returns>
    /// <exception cref="ArgumentException">The counts differ or a window names an event out of range.</exception>
    public static double[] PerEvent(IReadOnlyList<SequenceWindow> windows, IReadOnlyList<double> windowScores, int events, SequenceAggregation aggregation = SequenceAggregation.Max)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(windowScores);
        if (windows.Count != windowScores.Count)
            throw new ArgumentException($"{windows.Count} windows but {windowScores.Count} window scores.", nameof(windowScores));
        var acc = new Accumulator(events, aggregation);
        for (var w = 0; w < windows.Count; w++)
            foreach (var e in windows[w].Events) acc.Add(e, windowScores[w], w);
        return acc.Result();
    }

    /// <summary>Each event's score from its own step in the windows that contain it (e.g. <see cref="SequenceScorer.StepScores"/>).</summary>
    /// <param name="windows">The windows.</param>
    /// <param name="stepScores">Row-major [windows × length] step scores.</param>
    /// <param name="events">Number of events.</param>
    /// <param name="aggregation">Max or mean over the windows.</param>
    /// <returns>One score per event; NaN for an event in no window.</returns>
    /// <exception cref="ArgumentException">The counts differ or a window names an event out of range.</exception>
    public static double[] PerEventSteps(IReadOnlyList<SequenceWindow> windows, IReadOnlyList<double> stepScores, int events, SequenceAggregation aggregation = SequenceAggregation.Max)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(stepScores);
        var length = windows.Count == 0 ? 0 : windows[0].Length;
        if ((long)windows.Count * length != stepScores.Count)
            throw new ArgumentException($"{windows.Count} windows of {length} steps need {(long)windows.Count * length} step scores; got {stepScores.Count}.", nameof(stepScores));
        var acc = new Accumulator(events, aggregation);
        for (var w = 0; w < windows.Count; w++)
        {
            var window = windows[w];
            var pad = length - window.EventCount;
            for (var k = 0; k < window.EventCount; k++) acc.Add(window.Events[k], stepScores[(w * length) + pad + k], w);
        }
        return acc.Result();
    }

    /// <summary>Each entity's score from its windows.</summary>
    /// <param name="windows">The windows.</param>
    /// <param name="windowScores">One score per window.</param>
    /// <param name="aggregation">Max or mean over the entity's windows.</param>
    /// <returns>Entity key → score.</returns>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    public static IReadOnlyDictionary<string, double> PerEntity(IReadOnlyList<SequenceWindow> windows, IReadOnlyList<double> windowScores, SequenceAggregation aggregation = SequenceAggregation.Max)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(windowScores);
        if (windows.Count != windowScores.Count)
            throw new ArgumentException($"{windows.Count} windows but {windowScores.Count} window scores.", nameof(windowScores));
        var sums = new Dictionary<string, (double Value, int Count)>(StringComparer.Ordinal);
        for (var w = 0; w < windows.Count; w++)
        {
            var s = windowScores[w];
            sums[windows[w].Entity] = sums.TryGetValue(windows[w].Entity, out var t)
                ? (aggregation == SequenceAggregation.Max ? Math.Max(t.Value, s) : t.Value + s, t.Count + 1)
                : (s, 1);
        }
        return sums.ToDictionary(p => p.Key, p => aggregation == SequenceAggregation.Max ? p.Value.Value : p.Value.Value / p.Value.Count, StringComparer.Ordinal);
    }

    private sealed class Accumulator(int events, SequenceAggregation aggregation)
    {
        private readonly double[] values = Init(events, aggregation);
        private readonly int[] counts = new int[events];

        private static double[] Init(int events, SequenceAggregation aggregation)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(events);
            if (!Enum.IsDefined(aggregation)) throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "Unknown aggregation.");
            return new double[events];
        }

        public void Add(long e, double score, int window)
        {
            if (e < 0 || e >= values.Length)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Window {window} holds event {e}, outside [0, {values.Length})."), nameof(e));
            var i = (int)e;
            values[i] = counts[i] == 0 ? score : aggregation == SequenceAggregation.Max ? Math.Max(values[i], score) : values[i] + score;
            counts[i]++;
        }

        public double[] Result()
        {
            for (var i = 0; i < values.Length; i++)
                values[i] = counts[i] == 0 ? double.NaN : aggregation == SequenceAggregation.Mean ? values[i] / counts[i] : values[i];
            return values;
        }
    }
}
