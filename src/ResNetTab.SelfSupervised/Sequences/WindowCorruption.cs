using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// The corrupted windows the normality head learns to tell from real ones. Each window gets one of three corruptions,
/// drawn uniformly: its events shuffled in time (the time gaps stay in place, the events move), one event replaced by
/// the newest event of another window of the batch (usually another entity), or the time gaps of a random suffix of
/// the window (at least its last gap) divided by a factor.
/// </summary>
public static class WindowCorruption
{
    /// <summary>Kind code of the shuffled order.</summary>
    public const int Shuffled = 0;

    /// <summary>Kind code of the spliced event.</summary>
    public const int Spliced = 1;

    /// <summary>Kind code of the compressed gaps.</summary>
    public const int Compressed = 2;

    /// <summary>Corrupts every window of a batch.</summary>
    /// <param name="steps">[batch, length, width] windows (<see cref="SequenceSteps"/> layout).</param>
    /// <param name="compression">Factor the gaps are divided by (above 1).</param>
    /// <param name="generator">Random generator; the global one when null.</param>
    /// <param name="kinds">Each window's corruption (0, 1 or 2); drawn when null.</param>
    /// <returns>[batch, length, width] corrupted windows.</returns>
    public static Tensor Apply(Tensor steps, double compression, Generator? generator = null, Tensor? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        using var scope = NewDisposeScope();
        long b = steps.shape[0], l = steps.shape[1], w = steps.shape[2];
        var d = w - SequenceSteps.ExtraFeatures;
        var device = steps.device;
        var events = steps.narrow(2, 0, d);
        var rest = steps.narrow(2, d, SequenceSteps.ExtraFeatures);
        var present = steps.select(2, d + 2);

        // Shuffled: random keys, padding below every real step so it stays in front.
        var keys = rand([b, l], device: device, generator: generator) + (present * 2);
        var order = keys.argsort(1).unsqueeze(2).expand(b, l, d);
        var shuffled = cat([events.gather(1, order), rest], 2);

        // Spliced: a random real step takes the newest event of the previous window in the batch.
        var pick = (rand([b, l], device: device, generator: generator) + 1) * present;
        var at = nn.functional.one_hot(pick.argmax(1), l).to(ScalarType.Bool).unsqueeze(2);
        var donor = events.roll(1, 0).select(1, l - 1).unsqueeze(1).expand(b, l, d);
        var spliced = cat([where(at, donor, events), rest], 2);

        // Compressed: log(1 + s) → log(1 + s / factor) for the gaps of a random suffix of at least one gap (a burst at the
        // window's end; sliding windows put a real burst at the end of some window).
        var gap = steps.narrow(2, d, 1);
        var first = randint(Math.Max(l - 1, 1), [b, 1], device: device, generator: generator) + 1;
        var inSuffix = arange(l, device: device).unsqueeze(0).ge(first).unsqueeze(2);
        var squeezed = where(inSuffix, (gap.expm1() / compression).log1p(), gap);
        var compressed = cat([events, squeezed, steps.narrow(2, d + 1, 2)], 2);

        var kind = (kinds ?? randint(3, [b], device: device, generator: generator)).view(b, 1, 1);
        var result = where(kind.eq(Shuffled), shuffled, where(kind.eq(Spliced), spliced, compressed));
        return result.MoveToOuterDisposeScope();
    }
}
