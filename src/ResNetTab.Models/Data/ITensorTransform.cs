using static TorchSharp.torch;

namespace ResNetTab.Models.Datasets;

/// <summary>
/// A transform of image tensors — a batch N × C × H × W or a single image C × H × W — such as an
/// augmentation or a normalisation. Randomness comes only from the <see cref="Random"/> passed in,
/// so a given seed reproduces the same result.
/// </summary>
/// <remarks>
/// An implementation must not modify or dispose its input. It returns a new tensor, or the input
/// itself when there is nothing to do; the result registers with the calling thread's dispose scope
/// like any other tensor op's. Implementations are called from the loader's background thread, so
/// they must not keep mutable state between calls.
/// </remarks>
public interface ITensorTransform
{
    /// <summary>Transforms <paramref name="input"/>, drawing any random choices from <paramref name="random"/>.</summary>
    Tensor Apply(Tensor input, Random random);
}

/// <summary>Helpers for <see cref="ITensorTransform"/>.</summary>
public static class TensorTransformExtensions
{
    /// <summary>Transforms <paramref name="input"/> with the random choices of <c>new Random(seed)</c>.</summary>
    public static Tensor Apply(this ITensorTransform transform, Tensor input, int seed)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return transform.Apply(input, new Random(seed));
    }

    /// <summary>Runs <paramref name="first"/>, then <paramref name="then"/>.</summary>
    public static Compose Then(this ITensorTransform first, ITensorTransform then) => new(first, then);

    /// <summary>
    /// Checks that <paramref name="input"/> is an image batch (4-D) or a single image (3-D) and returns
    /// it as a batch; <paramref name="single"/> tells whether it was a single image. Dispose the result
    /// only when it is not the input.
    /// </summary>
    internal static Tensor AsBatch(Tensor input, string transform, out bool single)
    {
        ArgumentNullException.ThrowIfNull(input);
        var dims = input.dim();
        if (dims is not (3 or 4))
            throw new ArgumentException(
                $"{transform} expects images N×C×H×W or a single image C×H×W, got shape [{string.Join(", ", input.shape)}].", nameof(input));
        single = dims == 3;
        return single ? input.unsqueeze(0) : input;
    }

    /// <summary>Undoes <see cref="AsBatch"/> on a result: removes the batch dimension of a single image.</summary>
    internal static Tensor FromBatch(Tensor result, bool single)
    {
        if (!single) return result;
        using (result) return result.squeeze(0);
    }
}
