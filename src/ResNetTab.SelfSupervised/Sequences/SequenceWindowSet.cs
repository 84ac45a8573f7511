using System.Globalization;
using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// Windows of equal length and step width as one row-major array <c>[windows × length × step width]</c> — the layout of a
/// <see cref="SequenceBatch"/> and, one window per row, of the <see cref="FeatureMatrix"/> a <see cref="SequenceScorer"/> reads.
/// </summary>
public sealed class SequenceWindowSet
{
    /// <summary>Wraps the values after checking their count and finiteness.</summary>
    /// <param name="values">Row-major [windows × length × width] values (used, not copied).</param>
    /// <param name="length">Steps per window.</param>
    /// <param name="width">Values per step.</param>
    /// <exception cref="ArgumentException">The count is not a multiple of length × width, or a value is not finite.</exception>
    public SequenceWindowSet(float[] values, int length, int width)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, SequenceSteps.ExtraFeatures + 1);
        var per = (long)length * width;
        if (values.LongLength % per != 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{values.LongLength} values are not whole windows of {length} steps × {width} values."), nameof(values));
        for (var i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Window {i / per}, step {i % per / width}, value {i % width} is NaN or infinite."), nameof(values));
        Values = values;
        Length = length;
        Width = width;
        Count = (int)(values.LongLength / per);
    }

    /// <summary>Row-major values.</summary>
    public float[] Values { get; }

    /// <summary>Windows.</summary>
    public int Count { get; }

    /// <summary>Steps per window.</summary>
    public int Length { get; }

    /// <summary>Values per step.</summary>
    public int Width { get; }

    /// <summary>Features per event (<see cref="Width"/> − <see cref="SequenceSteps.ExtraFeatures"/>).</summary>
    public int EventFeatures => Width - SequenceSteps.ExtraFeatures;

    /// <summary>Stacks windows made by one <see cref="SequenceWindower"/>.</summary>
    /// <param name="windows">The windows (at least one).</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException">There are no windows or they differ in size.</exception>
    public static SequenceWindowSet From(IReadOnlyList<SequenceWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 0) throw new ArgumentException("There are no windows.", nameof(windows));
        var size = windows[0].Steps.Length;
        var values = new float[(long)size * windows.Count];
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].Steps.Length != size)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Window {i} has {windows[i].Steps.Length} values; window 0 has {size}: all must come from one windower."), nameof(windows));
            windows[i].Steps.CopyTo(values, (long)i * size);
        }
        var width = windows[0].StepWidth;
        return new SequenceWindowSet(values, size / width, width);
    }

    /// <summary>One row per window (length × width columns), the input of a <see cref="SequenceScorer"/>.</summary>
    /// <returns>The matrix (sharing nothing with the set).</returns>
    public FeatureMatrix ToFeatureMatrix() => FeatureMatrix.From(Values, Length * Width);

    /// <summary>Reads a scorer matrix back as windows of <paramref name="length"/> steps.</summary>
    /// <param name="x">One window per row.</param>
    /// <param name="length">Steps per window.</param>
    /// <returns>The set (a copy).</returns>
    /// <exception cref="ArgumentException">The row width is not a multiple of the length.</exception>
    public static SequenceWindowSet FromFeatureMatrix(FeatureMatrix x, int length)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (x.Columns % length != 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"X has {x.Columns} columns, not a whole number of steps for windows of {length} steps."), nameof(x));
        return new SequenceWindowSet(x.Values.ToArray(), length, x.Columns / length);
    }
}
