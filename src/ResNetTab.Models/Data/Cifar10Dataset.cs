using System.Buffers;
using static TorchSharp.torch;

namespace ResNetTab.Models.Datasets;

/// <summary>
/// CIFAR-10 images and labels held in memory as bytes. As a batch dataset it yields uint8 images
/// N × 3 × 32 × 32 and int64 labels N; add <see cref="ToFloatTensor"/> (and augmentations) as the
/// loader's transform to get float inputs.
/// </summary>
public sealed class Cifar10Dataset : IBatchDataset, IDataset<Cifar10Sample>
{
    /// <summary>Wraps images and labels (not copied).</summary>
    /// <param name="images">N × 3 × 32 × 32 pixel bytes (per image: red, green, blue planes, row-major).</param>
    /// <param name="labels">N labels, each 0 to 9.</param>
    /// <param name="classNames">The 10 class names; the standard ones when null.</param>
    /// <exception cref="ArgumentException">The sizes disagree, a label is above 9 or there are not 10 class names.</exception>
    public Cifar10Dataset(byte[] images, byte[] labels, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if ((long)labels.Length * Cifar10.ImageBytes != images.Length)
            throw new ArgumentException(
                $"{images.Length} image bytes do not match {labels.Length} labels: each image needs {Cifar10.ImageBytes} bytes (3 × 32 × 32).",
                nameof(images));
        var bad = Array.FindIndex(labels, l => l >= Cifar10.ClassCount);
        if (bad >= 0)
            throw new ArgumentException($"Label {labels[bad]} of record {bad} is out of range: CIFAR-10 labels are 0 to 9.", nameof(labels));
        classNames ??= Cifar10.DefaultClassNames;
        if (classNames.Count != Cifar10.ClassCount)
            throw new ArgumentException($"CIFAR-10 has {Cifar10.ClassCount} classes, but {classNames.Count} class names were given.", nameof(classNames));
        Images = images;
        Labels = labels;
        ClassNames = classNames;
    }

    /// <summary>All pixels, N × 3 × 32 × 32 bytes.</summary>
    public byte[] Images { get; }

    /// <summary>All labels, N bytes (0 to 9).</summary>
    public byte[] Labels { get; }

    /// <summary>Class names by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>The pixels of image <paramref name="index"/> (3 × 32 × 32 bytes, no copy).</summary>
    public ReadOnlyMemory<byte> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Images.AsMemory(index * Cifar10.ImageBytes, Cifar10.ImageBytes);
    }

    /// <summary>Image <paramref name="index"/> and its label.</summary>
    public Cifar10Sample Get(int index) => new(Image(index), Labels[index]);

    /// <summary>The first <paramref name="count"/> images (copied), e.g. for a quick run.</summary>
    public Cifar10Dataset Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        count = Math.Min(count, Count);
        return new Cifar10Dataset(Images.AsSpan(0, count * Cifar10.ImageBytes).ToArray(), Labels.AsSpan(0, count).ToArray(), ClassNames);
    }

    /// <summary>
    /// The images selected by <paramref name="indices"/> as a uint8 tensor N × 3 × 32 × 32 and their
    /// labels as an int64 tensor N. The tensors register with the calling thread's dispose scope.
    /// </summary>
    public (Tensor inputs, Tensor targets) GetBatch(ReadOnlySpan<int> indices)
    {
        var n = indices.Length;
        var pixels = ArrayPool<byte>.Shared.Rent(Math.Max(1, n * Cifar10.ImageBytes));
        var labels = new long[n];
        try
        {
            for (var i = 0; i < n; i++)
            {
                var index = indices[i];
                if ((uint)index >= (uint)Count)
                    throw new ArgumentOutOfRangeException(nameof(indices), $"Index {index} is outside the dataset of {Count} images.");
                Images.AsSpan(index * Cifar10.ImageBytes, Cifar10.ImageBytes).CopyTo(pixels.AsSpan(i * Cifar10.ImageBytes));
                labels[i] = Labels[index];
            }
            var inputs = empty([n, Cifar10.Channels, Cifar10.ImageSize, Cifar10.ImageSize], ScalarType.Byte);
            pixels.AsSpan(0, n * Cifar10.ImageBytes).CopyTo(inputs.bytes);
            try
            {
                return (inputs, tensor(labels, [n]));
            }
            catch
            {
                inputs.Dispose();
                throw;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }
}

/// <summary>One CIFAR-10 image and its label.</summary>
/// <param name="Pixels">3 × 32 × 32 bytes: red, green and blue planes, row-major.</param>
/// <param name="Label">The class, 0 to 9.</param>
public readonly record struct Cifar10Sample(ReadOnlyMemory<byte> Pixels, byte Label);
