using static TorchSharp.torch;

namespace ResNetTab.Models.Datasets;

/// <summary>Applies transforms one after the other (torchvision's <c>Compose</c>), freeing the intermediate results.</summary>
public sealed class Compose : ITensorTransform
{
    private readonly ITensorTransform[] transforms;

    /// <summary>Chains <paramref name="transforms"/>, applied in the given order.</summary>
    public Compose(params ITensorTransform[] transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        foreach (var t in transforms) ArgumentNullException.ThrowIfNull(t, nameof(transforms));
        this.transforms = [.. transforms];
    }

    /// <summary>The transforms, in order.</summary>
    public IReadOnlyList<ITensorTransform> Transforms => transforms;

    /// <summary>Applies every transform in turn, each drawing from <paramref name="random"/>.</summary>
    public Tensor Apply(Tensor input, Random random)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(random);
        var current = input;
        try
        {
            foreach (var transform in transforms)
            {
                var next = transform.Apply(current, random);
                if (!ReferenceEquals(next, current) && !ReferenceEquals(current, input)) current.Dispose();
                current = next;
            }
            return current;
        }
        catch
        {
            if (!ReferenceEquals(current, input)) current.Dispose();
            throw;
        }
    }

    /// <summary>The transforms' names, e.g. <c>Compose(RandomCrop, RandomHorizontalFlip)</c>.</summary>
    public override string ToString() => $"Compose({string.Join(", ", transforms.Select(t => t.ToString()))})";
}
