using System.Diagnostics;
using ResNetTab.Models.Datasets;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Data;

/// <summary>Tests that count process-wide tensors: they run alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DataNativeMemoryCollection
{
    public const string Name = "data loader native memory";
}

[Collection(DataNativeMemoryCollection.Name)]
public sealed class DataLoaderLifetimeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Collects garbage so that the count that follows is that of the work under test. TorchSharp counts
    /// live tensors process-wide (<see cref="Tensor.TotalCount"/>); the count after the work is read before
    /// any collection, so a tensor left to the garbage collector shows as live.
    /// </summary>
    private static long Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return Tensor.TotalCount;
    }

    /// <summary>Runs <paramref name="work"/> on its own thread and fails instead of hanging.</summary>
    private static void WithinPatience(Action work)
    {
        var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        task.Wait(Patience).Should().BeTrue("the loader must not hang");
        task.GetAwaiter().GetResult();
    }

    private static void ShouldBeBackTo(long before) =>
        Tensor.TotalCount.Should().Be(before, "every tensor the loader made must be disposed, none left to the garbage collector");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Breaking_out_early_leaves_no_live_tensors(int prefetch)
    {
        var dataset = LoaderTestData.Cifar(64);
        var loader = new DataLoader(dataset, batchSize: 4, shuffle: true, seed: 1, prefetch: prefetch, transform: Cifar10.TrainTransform());
        LoaderTestData.Drain(loader.Epoch(0)); // warm up
        var before = Settle();

        WithinPatience(() =>
        {
            var taken = 0;
            foreach (var batch in loader.Epoch(1))
            {
                using (batch)
                {
                    batch.Inputs.shape.Should().Equal(4, 3, 32, 32);
                    Thread.Sleep(50); // let the worker fill the queue
                }
                if (++taken == 2) break;
            }
        });

        ShouldBeBackTo(before);
    }

    [Fact]
    public void Disposing_while_the_worker_waits_on_a_full_queue_does_not_hang()
    {
        var loader = new DataLoader(new IndexDataset(1000), batchSize: 1, prefetch: 2);
        var before = Settle();
        WithinPatience(() =>
        {
            for (var round = 0; round < 20; round++)
            {
                var enumerator = loader.Epoch(round).GetEnumerator();
                enumerator.MoveNext().Should().BeTrue();
                enumerator.Current.Dispose();
                if (round % 2 == 0) Thread.Sleep(20); // worker blocked on the full queue
                var watch = Stopwatch.StartNew();
                enumerator.Dispose();
                watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
                enumerator.Dispose(); // twice is fine
            }
            // Never started: nothing to stop.
            loader.Epoch(0).GetEnumerator().Dispose();
        });
        ShouldBeBackTo(before);
    }

    [Fact]
    public void Disposing_while_the_worker_builds_a_batch_waits_for_it_and_frees_it()
    {
        var dataset = new IndexDataset(100) { Delay = TimeSpan.FromMilliseconds(150) };
        var loader = new DataLoader(dataset, batchSize: 2, prefetch: 2);
        var before = Settle();
        WithinPatience(() =>
        {
            var enumerator = loader.Epoch(0).GetEnumerator();
            enumerator.MoveNext().Should().BeTrue();
            enumerator.Current.Dispose();
            Thread.Sleep(50); // the worker is inside GetBatch now
            enumerator.Dispose();
        });
        ShouldBeBackTo(before);
    }

    [Fact]
    public void Full_epochs_cancellation_and_failures_leave_no_live_tensors()
    {
        var before = Settle();
        WithinPatience(() =>
        {
            var cifar = LoaderTestData.Cifar(30);
            foreach (var prefetch in new[] { 0, 3 })
            {
                var loader = new DataLoader(cifar, batchSize: 8, shuffle: true, seed: 4, prefetch: prefetch, transform: Cifar10.TrainTransform());
                LoaderTestData.Drain(loader).Should().HaveCount(4);

                using var cts = new CancellationTokenSource();
                var cancelled = () =>
                {
                    foreach (var batch in loader.Epoch(1, cts.Token))
                    {
                        batch.Dispose();
                        cts.Cancel();
                    }
                };
                cancelled.Should().Throw<OperationCanceledException>();

                var failing = new DataLoader(new IndexDataset(50) { FailAt = 3 }, batchSize: 5, prefetch: prefetch);
                var failed = () => LoaderTestData.Drain(failing.Epoch(0));
                failed.Should().Throw<InvalidDataException>();

                // Batches received inside a dispose scope are freed with it.
                using (NewDisposeScope())
                {
                    foreach (var batch in loader.Epoch(2)) batch.Inputs.shape[0].Should().BeGreaterThan(0);
                }
            }
        });
        ShouldBeBackTo(before);
    }

    [Fact]
    public void Transforms_free_their_intermediate_results()
    {
        using var input = zeros([4, 3, 32, 32], ScalarType.Byte);
        var before = Settle();
        var transforms = new ITensorTransform[]
        {
            Cifar10.TrainTransform(), Cifar10.TestTransform(), new RandomCrop(28), new RandomHorizontalFlip(0.5),
        };
        foreach (var transform in transforms)
        {
            using var result = transform.Apply(input, seed: 1);
            result.shape[0].Should().Be(4);
        }
        using (var single = input[0])
        using (var cropped = new RandomCrop(32, 4).Apply(single, seed: 2))
        using (RandomHorizontalFlip.Flip(single, [true]))
        {
            cropped.shape.Should().Equal(3, 32, 32);
        }
        ShouldBeBackTo(before);
    }
}
