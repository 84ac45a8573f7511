using static TorchSharp.torch;

namespace ResNetTab.Models.Datasets;

/// <summary>
/// Converts uint8 pixels (0–255) to float32 in [0, 1] by dividing by 255, as torchvision's
/// <c>ToTensor</c> does (the layout stays channels-first).
/// </summary>
public sealed class ToFloatTensor : ITensorTransform
{
    /// <summary>The float32 image(s) <c>input / 255</c>.</summary>
    /// <exception cref="ArgumentException">The input is not uint8.</exception>
    public Tensor Apply(Tensor input, Random random)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dtype != ScalarType.Byte)
            throw new ArgumentException(
                $"ToFloatTensor expects uint8 pixels (0-255), got {input.dtype}; the input is probably already scaled.", nameof(input));
        using var asFloat = input.to(ScalarType.Float32);
        return asFloat.div(255.0);
    }

    /// <inheritdoc />
    public override string ToString() => "ToFloatTensor";
}
