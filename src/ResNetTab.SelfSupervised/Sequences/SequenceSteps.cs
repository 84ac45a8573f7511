namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// The layout of one window step: the event's features (its embedding, optionally followed by encoded fields), then
/// <c>log(1 + seconds since the entity's previous event)</c>, a flag for the entity's first event (no previous one), and a
/// flag that is 1 for a real event and 0 for padding. Windows shorter than their length are padded at the front, so the
/// last step is always the newest event.
/// </summary>
public static class SequenceSteps
{
    /// <summary>Values a step adds after the event's features.</summary>
    public const int ExtraFeatures = 3;

    /// <summary>Step width for events of <paramref name="eventFeatures"/> features.</summary>
    /// <param name="eventFeatures">Features per event.</param>
    /// <returns><paramref name="eventFeatures"/> + <see cref="ExtraFeatures"/>.</returns>
    public static int Width(int eventFeatures) => eventFeatures + ExtraFeatures;

    /// <summary>Index of the log time gap in a step of <paramref name="eventFeatures"/> event features.</summary>
    /// <param name="eventFeatures">Features per event.</param>
    /// <returns>The index.</returns>
    public static int GapIndex(int eventFeatures) => eventFeatures;

    /// <summary>Index of the first-event flag.</summary>
    /// <param name="eventFeatures">Features per event.</param>
    /// <returns>The index.</returns>
    public static int FirstIndex(int eventFeatures) => eventFeatures + 1;

    /// <summary>Index of the real-event flag (0 = padding).</summary>
    /// <param name="eventFeatures">Features per event.</param>
    /// <returns>The index.</returns>
    public static int PresentIndex(int eventFeatures) => eventFeatures + 2;

    /// <summary>The gap feature of a silence of <paramref name="milliseconds"/>: <c>log(1 + seconds)</c>.</summary>
    /// <param name="milliseconds">Time since the previous event (not negative).</param>
    /// <returns>The feature.</returns>
    public static float Gap(long milliseconds) => (float)Math.Log(1 + (Math.Max(milliseconds, 0) / 1000.0));
}
