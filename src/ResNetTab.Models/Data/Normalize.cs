using static TorchSharp.torch;

namespace ResNetTab.Models.Datasets;

/// <summary>
/// Per-channel normalisation <c>(x − mean[c]) / std[c]</c> of floating-point images (torchvision's
/// <c>Normalize</c>). <see cref="Cifar10.Normalization"/> holds the CIFAR-10 constants.
/// </summary>
public sealed class Normalize : ITensorTransform
{
    private readonly float[] mean;
    private readonly float[] std;

    /// <summary>Creates the transform.</summary>
    /// <param name="mean">Mean of each channel.</param>
    /// <param name="std">Standard deviation of each channel (all non-zero).</param>
    /// <exception cref="ArgumentException">The lists are empty, of different lengths, or a deviation is zero or not finite.</exception>
    public Normalize(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
            throw new ArgumentException($"Normalize needs one mean and one std per channel, got {mean.Count} means and {std.Count} stds.", nameof(std));
        if (std.Any(s => s == 0 || !float.IsFinite(s)))
            throw new ArgumentException($"Every std must be finite and non-zero, got ({string.Join(", ", std)}).", nameof(std));
        this.mean = [.. mean];
        this.std = [.. std];
    }

    /// <summary>Mean of each channel.</summary>
    public IReadOnlyList<float> Mean => mean;

    /// <summary>Standard deviation of each channel.</summary>
    public IReadOnlyList<float> Std => std;

    /// <summary>The normalised image(s); <paramref name="random"/> is not used.</summary>
    /// <exception cref="ArgumentException">The input is not floating point or its channel count differs.</exception>
    public Tensor Apply(Tensor input, Random random)
    {
        ArgumentNullException.ThrowIfNull(input);
        var dims = input.dim();
        if (dims < 3)
            throw new ArgumentException($"Normalize expects images N×C×H×W or C×H×W, got shape [{string.Join(", ", input.shape)}].", nameof(input));
        if (!input.is_floating_point())
            throw new ArgumentException($"Normalize expects floating-point images, got {input.dtype}; convert uint8 pixels with ToFloatTensor first.", nameof(input));
        var channels = input.size((int)dims - 3);
        if (channels != mean.Length)
            throw new ArgumentException($"Normalize has {mean.Length} channel statistics but the images have {channels} channels.", nameof(input));
        using var m = tensor(mean, [mean.Length, 1, 1], dtype: input.dtype, device: input.device);
        using var s = tensor(std, [std.Length, 1, 1], dtype: input.dtype, device: input.device);
        using var centred = input.sub(m);
        return centred.div(s);
    }

    /// <inheritdoc />
    public override string ToString() => $"Normalize(mean=({string.Join(", ", mean)}), std=({string.Join(", ", std)}))";
}
