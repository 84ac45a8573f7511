namespace ResNetTab.Models.Datasets;

/// <summary>
/// Small datasets in the CIFAR-10 format whose classes are learnable: each image is noise with a
/// class-coloured 16×16 patch at a random place, so a network can be trained, checkpointed and
/// evaluated end to end without the real dataset (smoke tests, demos, benchmarks of the pipeline).
/// The accuracy reached on them says nothing about CIFAR-10.
/// </summary>
public static class SyntheticCifar10
{
    // Ten well-separated colours (R, G, B), one per class.
    private static readonly byte[,] Palette =
    {
        { 230, 40, 40 }, { 40, 200, 40 }, { 40, 40, 230 }, { 230, 230, 40 }, { 230, 40, 230 },
        { 40, 230, 230 }, { 250, 150, 40 }, { 140, 40, 250 }, { 250, 250, 250 }, { 10, 10, 10 },
    };

    private const int PatchSize = 16;

    /// <summary>Creates <paramref name="count"/> images, classes in turn (0, 1, …, 9, 0, …), from a seed.</summary>
    /// <param name="count">Number of images.</param>
    /// <param name="seed">Seed of the noise and the patch positions: the same seed gives the same bytes.</param>
    public static Cifar10Dataset Create(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var images = new byte[(long)count * Cifar10.ImageBytes];
        var labels = new byte[count];
        const int side = Cifar10.ImageSize;
        for (var i = 0; i < count; i++)
        {
            var label = i % Cifar10.ClassCount;
            labels[i] = (byte)label;
            var image = images.AsSpan(i * Cifar10.ImageBytes, Cifar10.ImageBytes);
            random.NextBytes(image);
            for (var k = 0; k < image.Length; k++) image[k] = (byte)(image[k] % 128 + 64);
            var top = random.Next(side - PatchSize + 1);
            var left = random.Next(side - PatchSize + 1);
            for (var c = 0; c < Cifar10.Channels; c++)
                for (var y = top; y < top + PatchSize; y++)
                    for (var x = left; x < left + PatchSize; x++)
                        image[(c * side * side) + (y * side) + x] = Palette[label, c];
        }
        return new Cifar10Dataset(images, labels);
    }

    /// <summary>
    /// Writes a dataset folder laid out as the extracted CIFAR-10 binary archive (the five
    /// <c>data_batch_*.bin</c> files and <c>test_batch.bin</c>), readable by <see cref="Cifar10.Load"/>.
    /// </summary>
    /// <param name="folder">The folder to write into (created when needed).</param>
    /// <param name="trainCount">Training images in all, spread over the five training files.</param>
    /// <param name="testCount">Test images.</param>
    /// <param name="seed">Seed of the images.</param>
    public static void WriteFolder(string folder, int trainCount, int testCount, int seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(trainCount);
        Directory.CreateDirectory(folder);
        var train = Create(trainCount, seed);
        var files = Cifar10.TrainFiles.Count;
        var start = 0;
        for (var f = 0; f < files; f++)
        {
            var n = trainCount / files + (f < trainCount % files ? 1 : 0);
            Cifar10.Write(Path.Combine(folder, Cifar10.TrainFiles[f]),
                train.Images.AsSpan(start * Cifar10.ImageBytes, n * Cifar10.ImageBytes), train.Labels.AsSpan(start, n));
            start += n;
        }
        Cifar10.Write(Path.Combine(folder, Cifar10.TestFile), Create(testCount, unchecked(seed + 1)));
    }
}
