using System.Diagnostics;
using ResNetTab.Models.Datasets;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Data;

/// <summary>
/// A CIFAR-10-sized epoch of augmented batches, inline and with prefetching: every image once, identical batches.
/// The time is printed, not asserted (speed belongs to benchmarks).
/// </summary>
[Collection(DataNativeMemoryCollection.Name)]
public sealed class AugmentedEpochTests(ITestOutputHelper output)
{
    [Fact]
    public void A_cifar_sized_epoch_gives_every_image_once_and_the_same_batches_with_or_without_prefetching()
    {
        const int images = 50_000;
        var pixels = new byte[images * Cifar10.ImageBytes];
        new Random(1).NextBytes(pixels);
        var labels = new byte[images];
        for (var i = 0; i < images; i++) labels[i] = (byte)(i % 10);
        var dataset = new Cifar10Dataset(pixels, labels);

        var transform = Cifar10.TrainTransform();
        // Warm up (JIT, the native allocator's first large blocks).
        foreach (var batch in new DataLoader(dataset.Take(2_560), batchSize: 128, prefetch: 0, transform: transform)) batch.Dispose();

        // The transform alone, on the consumer's thread.
        var watch = Stopwatch.StartNew();
        var inline = new DataLoader(dataset, batchSize: 128, shuffle: true, seed: 1, prefetch: 0, transform: transform);
        var count = 0;
        var inlineSums = new List<double>();
        foreach (var batch in inline)
        {
            using (batch)
            {
                count += batch.Size;
                inlineSums.Add(batch.Inputs.sum().item<float>());
            }
        }
        var inlineTime = watch.Elapsed;
        count.Should().Be(images);

        // With prefetching: the consumer only waits for what the worker has not finished yet.
        watch.Restart();
        var prefetched = new DataLoader(dataset, batchSize: 128, shuffle: true, seed: 1, prefetch: 4, transform: transform);
        count = 0;
        var prefetchedSums = new List<double>();
        foreach (var batch in prefetched)
        {
            using (batch)
            {
                count += batch.Size;
                prefetchedSums.Add(batch.Inputs.sum().item<float>());
            }
        }
        var prefetchTime = watch.Elapsed;
        count.Should().Be(images);

        output.WriteLine($"50,000 images, batch 128, crop+flip+float+normalize: inline {inlineTime.TotalSeconds:F2} s, prefetch {prefetchTime.TotalSeconds:F2} s " +
                         $"(threads {get_num_threads()}, cores {Environment.ProcessorCount})");
        prefetchedSums.Should().Equal(inlineSums, "the seeded shuffles and augmentations do not depend on the thread that makes them");
    }
}
