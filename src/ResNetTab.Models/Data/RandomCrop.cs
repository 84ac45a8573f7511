using static TorchSharp.torch;

namespace ResNetTab.Models.Datasets;

/// <summary>
/// Pads every image with zeros on all four sides, then cuts a window of the given size at a random
/// position chosen independently for each image — torchvision's <c>RandomCrop(size, padding)</c>
/// (e.g. <c>RandomCrop(32, padding: 4)</c>, the standard CIFAR augmentation).
/// </summary>
/// <remarks>
/// Works on any dtype (cropping uint8 pixels before <see cref="ToFloatTensor"/> moves a quarter of the
/// bytes). For each image, in batch order, the top offset is drawn first, then the left offset, each
/// uniform over the positions that fit: <c>random.Next(H + 2·padding − height + 1)</c>. The batch is
/// padded once; the windows are then cut by two <c>gather</c>s (rows, then columns) with per-image indices.
/// </remarks>
public sealed class RandomCrop : ITensorTransform
{
    /// <summary>A square crop.</summary>
    /// <param name="size">Height and width of the crop.</param>
    /// <param name="padding">Zero pixels added on each side before cropping.</param>
    public RandomCrop(int size, int padding = 0) : this(size, size, padding) { }

    /// <summary>A rectangular crop.</summary>
    /// <param name="height">Height of the crop.</param>
    /// <param name="width">Width of the crop.</param>
    /// <param name="padding">Zero pixels added on each side before cropping.</param>
    public RandomCrop(int height, int width, int padding)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Height = height;
        Width = width;
        Padding = padding;
    }

    /// <summary>Height of the crop.</summary>
    public int Height { get; }

    /// <summary>Width of the crop.</summary>
    public int Width { get; }

    /// <summary>Zero pixels added on each side before cropping.</summary>
    public int Padding { get; }

    /// <summary>Crops every image at a random position.</summary>
    /// <exception cref="ArgumentException">The input is not 3-D or 4-D, or the padded images are smaller than the crop.</exception>
    public Tensor Apply(Tensor input, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var batch = TensorTransformExtensions.AsBatch(input, nameof(RandomCrop), out var single);
        try
        {
            var (maxTop, maxLeft) = Range(batch);
            var offsets = new (int Top, int Left)[batch.size(0)];
            for (var i = 0; i < offsets.Length; i++)
            {
                var top = random.Next(maxTop + 1);
                offsets[i] = (top, random.Next(maxLeft + 1));
            }
            return TensorTransformExtensions.FromBatch(CropBatch(batch, offsets), single);
        }
        finally
        {
            if (single) batch.Dispose();
        }
    }

    /// <summary>
    /// Pads and crops with given offsets: image <c>i</c> of the result is the window whose top-left corner
    /// is at <c>offsets[i]</c> in the padded image (0 ≤ top ≤ H + 2·padding − height, likewise left).
    /// </summary>
    /// <param name="input">Images N × C × H × W, or one image C × H × W with one offset.</param>
    /// <param name="offsets">Top and left offset of each image's window in the padded image.</param>
    /// <exception cref="ArgumentException">The number of offsets differs from N, or an offset is out of range.</exception>
    public Tensor Crop(Tensor input, ReadOnlySpan<(int Top, int Left)> offsets)
    {
        var batch = TensorTransformExtensions.AsBatch(input, nameof(RandomCrop), out var single);
        try
        {
            return TensorTransformExtensions.FromBatch(CropBatch(batch, offsets), single);
        }
        finally
        {
            if (single) batch.Dispose();
        }
    }

    private (int maxTop, int maxLeft) Range(Tensor batch)
    {
        var h = batch.size(2) + 2L * Padding;
        var w = batch.size(3) + 2L * Padding;
        if (h < Height || w < Width)
            throw new ArgumentException(
                $"RandomCrop of {Height}×{Width} is larger than the padded images ({h}×{w}: {batch.size(2)}×{batch.size(3)} with padding {Padding}).");
        return ((int)(h - Height), (int)(w - Width));
    }

    private Tensor CropBatch(Tensor batch, ReadOnlySpan<(int Top, int Left)> offsets)
    {
        var (maxTop, maxLeft) = Range(batch);
        var n = batch.size(0);
        if (offsets.Length != n)
            throw new ArgumentException($"{offsets.Length} crop offsets were given for {n} images.", nameof(offsets));
        foreach (var (top, left) in offsets)
        {
            if ((uint)top > (uint)maxTop || (uint)left > (uint)maxLeft)
                throw new ArgumentException($"Crop offset ({top}, {left}) is outside 0..{maxTop} × 0..{maxLeft}.", nameof(offsets));
        }
        var p = (long)Padding;
        var channels = batch.size(1);
        var padded = p == 0 ? batch : nn.functional.pad(batch, [p, p, p, p]);
        try
        {
            // Two gathers with per-image index rows: first the window's rows, then its columns.
            var rowIndex = new long[n * Height];
            var columnIndex = new long[n * Width];
            for (var i = 0; i < n; i++)
            {
                for (var y = 0; y < Height; y++) rowIndex[(i * Height) + y] = offsets[i].Top + y;
                for (var x = 0; x < Width; x++) columnIndex[(i * Width) + x] = offsets[i].Left + x;
            }
            using var rowsCompact = tensor(rowIndex, [n, 1, Height, 1], device: batch.device);
            using var rowsExpanded = rowsCompact.expand(n, channels, Height, padded.size(3));
            using var rows = padded.gather(2, rowsExpanded);
            using var columnsCompact = tensor(columnIndex, [n, 1, 1, Width], device: batch.device);
            using var columnsExpanded = columnsCompact.expand(n, channels, Height, Width);
            return rows.gather(3, columnsExpanded);
        }
        finally
        {
            if (!ReferenceEquals(padded, batch)) padded.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"RandomCrop({Height}×{Width}, padding={Padding})";
}
