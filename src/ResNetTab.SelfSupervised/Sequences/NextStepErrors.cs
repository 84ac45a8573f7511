using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// The per-step error of next-step prediction: for step t ≥ 1 of a window, the mean squared error of the prediction made
/// at step t − 1 over the event features plus the gap weight times the squared error of the log time gap. Steps with no
/// real predecessor in the window (the first real step, padding) have no error and a zero in the mask.
/// </summary>
public static class NextStepErrors
{
    /// <summary>Errors and their mask.</summary>
    /// <param name="steps">[batch, length, width] windows.</param>
    /// <param name="predictions">[batch, length, event features + 1] predictions of each step's successor.</param>
    /// <param name="gapWeight">Weight of the gap error.</param>
    /// <returns>Errors [batch, length] (0 where the mask is 0) and the mask [batch, length] (1 = the step has an error).</returns>
    public static (Tensor Errors, Tensor Mask) Compute(Tensor steps, Tensor predictions, double gapWeight)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(predictions);
        using var scope = NewDisposeScope();
        long b = steps.shape[0], l = steps.shape[1], w = steps.shape[2];
        var d = w - SequenceSteps.ExtraFeatures;
        if (l < 2)
            return (zeros([b, l], device: steps.device).MoveToOuterDisposeScope(), zeros([b, l], device: steps.device).MoveToOuterDisposeScope());
        var present = steps.select(2, d + 2);
        var target = steps.narrow(1, 1, l - 1).narrow(2, 0, d + 1);
        var squared = (predictions.narrow(1, 0, l - 1) - target).square();
        var error = squared.narrow(2, 0, d).mean([2]) + (squared.select(2, d) * gapWeight);
        var mask = present.narrow(1, 0, l - 1) * present.narrow(1, 1, l - 1);
        var pad = zeros([b, 1], device: steps.device);
        return (cat([pad, error * mask], 1).MoveToOuterDisposeScope(), cat([pad, mask], 1).MoveToOuterDisposeScope());
    }
}
