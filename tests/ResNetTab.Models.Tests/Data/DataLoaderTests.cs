using ResNetTab.Models.Datasets;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Data;

public sealed class DataLoaderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Batches_have_the_right_shapes_and_counts(int prefetch)
    {
        var dataset = new IndexDataset(25);
        var loader = new DataLoader(dataset, batchSize: 8, prefetch: prefetch);
        loader.Count.Should().Be(4);
        var batches = LoaderTestData.Drain(loader.Epoch(0));
        batches.Select(b => b.shape).Should().BeEquivalentTo(new[] { new long[] { 8, 2 }, [8, 2], [8, 2], [1, 2] },
            o => o.WithStrictOrdering());
        batches.SelectMany(b => b.indices).Should().Equal(Enumerable.Range(0, 25), "without shuffling the order is the dataset's");
        batches.SelectMany(b => b.targets).Should().Equal(Enumerable.Range(0, 25).Select(i => (long)i));

        var dropping = new DataLoader(dataset, batchSize: 8, dropLast: true, prefetch: prefetch);
        dropping.Count.Should().Be(3);
        var kept = LoaderTestData.Drain(dropping.Epoch(0));
        kept.Should().HaveCount(3);
        kept.Should().OnlyContain(b => b.shape[0] == 8);

        new DataLoader(dataset, batchSize: 5, dropLast: true).Count.Should().Be(5, "25 divides evenly");
        new DataLoader(dataset, batchSize: 100).Count.Should().Be(1);
        new DataLoader(dataset, batchSize: 100, dropLast: true).Count.Should().Be(0);
        LoaderTestData.Drain(new DataLoader(dataset, batchSize: 100, dropLast: true, prefetch: prefetch).Epoch(0)).Should().BeEmpty();
    }

    [Fact]
    public void Batch_knows_its_epoch_position_and_samples()
    {
        var loader = new DataLoader(new IndexDataset(10), batchSize: 4, shuffle: true, seed: 3);
        var index = 0;
        foreach (var batch in loader.Epoch(2))
        {
            using (batch)
            {
                batch.Epoch.Should().Be(2);
                batch.Index.Should().Be(index++);
                batch.Size.Should().Be((int)batch.Inputs.shape[0]);
                var (inputs, targets) = batch;
                inputs.Should().BeSameAs(batch.Inputs);
                TensorData.ToArray<long>(targets).Should().Equal(batch.Indices.Select(i => (long)i));
                TensorData.ToArray<float>(inputs).Where((_, k) => k % 2 == 0).Should().Equal(batch.Indices.Select(i => (float)i));
            }
        }
        index.Should().Be(3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_sample_is_seen_exactly_once_per_epoch(bool dropLastWithEvenSize)
    {
        var n = dropLastWithEvenSize ? 24 : 25;
        var loader = new DataLoader(new IndexDataset(n), batchSize: 6, shuffle: true, seed: 42, dropLast: dropLastWithEvenSize);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var batches = LoaderTestData.Drain(loader.Epoch(epoch));
            batches.SelectMany(b => b.targets).Order().Should().Equal(Enumerable.Range(0, n).Select(i => (long)i));
            batches.SelectMany(b => b.indices).Should().Equal(loader.Order(epoch));
        }
    }

    [Fact]
    public void Shuffles_are_reproducible_per_seed_and_epoch()
    {
        var dataset = new IndexDataset(50);
        var a = new DataLoader(dataset, batchSize: 7, shuffle: true, seed: 5);
        var b = new DataLoader(dataset, batchSize: 7, shuffle: true, seed: 5, prefetch: 0);
        var indices = (DataLoader l, int e) => LoaderTestData.Drain(l.Epoch(e)).SelectMany(x => x.indices).ToArray();

        indices(a, 1).Should().Equal(indices(b, 1), "the same seed and epoch give the same order");
        indices(a, 0).Should().NotEqual(indices(a, 1), "each epoch has its own order");
        indices(a, 0).Should().NotEqual(Enumerable.Range(0, 50));
        indices(new DataLoader(dataset, batchSize: 7, shuffle: true, seed: 6), 0).Should().NotEqual(indices(a, 0));

        // Epoch e uses seed + e: a Fisher–Yates shuffle driven by new Random(seed + e).
        a.Order(1).Should().Equal(new DataLoader(dataset, batchSize: 7, shuffle: true, seed: 6).Order(0));
        var expected = Enumerable.Range(0, 50).ToArray();
        var random = new Random(5 + 3);
        for (var i = expected.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }
        a.Order(3).Should().Equal(expected);
    }

    [Fact]
    public void Foreach_runs_successive_epochs_and_can_resume()
    {
        var loader = new DataLoader(new IndexDataset(12), batchSize: 5, shuffle: true, seed: 9);
        loader.NextEpoch.Should().Be(0);
        var first = LoaderTestData.Drain(loader).SelectMany(b => b.indices).ToArray();
        var second = LoaderTestData.Drain(loader).SelectMany(b => b.indices).ToArray();
        loader.NextEpoch.Should().Be(2);
        first.Should().Equal(loader.Order(0));
        second.Should().Equal(loader.Order(1));

        loader.NextEpoch = 7;
        foreach (var batch in loader)
        {
            using (batch) batch.Epoch.Should().Be(7);
        }
        loader.NextEpoch.Should().Be(8);
    }

    [Fact]
    public void Prefetching_gives_the_same_batches_as_building_them_inline()
    {
        var dataset = LoaderTestData.Cifar(25);
        List<(int[] indices, float[] inputs, long[] targets, long[] shape)> Run(int prefetch) =>
            [.. Enumerable.Range(0, 2).SelectMany(epoch => LoaderTestData.Drain(
                new DataLoader(dataset, batchSize: 8, shuffle: true, seed: 17, prefetch: prefetch, transform: Cifar10.TrainTransform())
                    .Epoch(epoch)))];

        var inline = Run(0);
        inline.Should().HaveCount(8);
        inline[0].shape.Should().Equal(8, 3, 32, 32);
        foreach (var prefetch in new[] { 1, 3 })
        {
            var prefetched = Run(prefetch);
            prefetched.Should().HaveCount(inline.Count);
            for (var i = 0; i < inline.Count; i++)
            {
                prefetched[i].indices.Should().Equal(inline[i].indices);
                prefetched[i].inputs.Should().Equal(inline[i].inputs, "augmentation draws depend only on seed, epoch and batch");
                prefetched[i].targets.Should().Equal(inline[i].targets);
            }
        }
    }

    [Fact]
    public void Augmentation_differs_between_epochs_and_batches_but_not_runs()
    {
        var dataset = LoaderTestData.Cifar(16);
        var loader = new DataLoader(dataset, batchSize: 16, seed: 1, transform: new RandomCrop(32, padding: 4));
        var e0 = LoaderTestData.Drain(loader.Epoch(0))[0].inputs;
        LoaderTestData.Drain(loader.Epoch(0))[0].inputs.Should().Equal(e0);
        LoaderTestData.Drain(loader.Epoch(1))[0].inputs.Should().NotEqual(e0);
        loader.TransformSeed(0, 0).Should().NotBe(loader.TransformSeed(0, 1)).And.NotBe(loader.TransformSeed(1, 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void A_failing_dataset_surfaces_its_exception_to_the_consumer(int prefetch)
    {
        var loader = new DataLoader(new IndexDataset(40) { FailAt = 2 }, batchSize: 5, prefetch: prefetch);
        var received = 0;
        var act = () =>
        {
            foreach (var batch in loader.Epoch(0))
            {
                batch.Dispose();
                received++;
            }
        };
        act.Should().Throw<InvalidDataException>().WithMessage("batch call 2 failed on purpose");
        received.Should().Be(2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Cancellation_stops_the_epoch(int prefetch)
    {
        using var cts = new CancellationTokenSource();
        var loader = new DataLoader(new IndexDataset(40), batchSize: 5, prefetch: prefetch);
        var received = 0;
        var act = () =>
        {
            foreach (var batch in loader.Epoch(0, cts.Token))
            {
                batch.Dispose();
                if (++received == 2) cts.Cancel();
            }
        };
        act.Should().Throw<OperationCanceledException>();
        received.Should().Be(2);
    }

    [Fact]
    public void Prefetching_stays_bounded_while_the_consumer_is_slow()
    {
        var dataset = new IndexDataset(100);
        var loader = new DataLoader(dataset, batchSize: 2, prefetch: 3);
        using var enumerator = loader.Epoch(0).GetEnumerator();
        enumerator.MoveNext().Should().BeTrue();
        enumerator.Current.Dispose();
        Thread.Sleep(300);
        // One batch handed out, at most three queued and one built and waiting for room.
        dataset.Calls.Should().BeInRange(2, 5);
    }

    [Fact]
    public void Batches_join_the_consumers_dispose_scope()
    {
        var loader = new DataLoader(new IndexDataset(10), batchSize: 5, prefetch: 2);
        var seen = new List<Batch>();
        using (NewDisposeScope())
        {
            foreach (var batch in loader.Epoch(0)) seen.Add(batch);
            seen.Should().OnlyContain(b => !b.Inputs.IsInvalid && !b.Targets.IsInvalid);
        }
        seen.Should().HaveCount(2).And.OnlyContain(b => b.Inputs.IsInvalid && b.Targets.IsInvalid, "the scope freed them");

        var kept = loader.Epoch(0).First();
        using (NewDisposeScope()) { }
        kept.Inputs.IsInvalid.Should().BeFalse("a batch received outside scopes is the consumer's to dispose");
        kept.Dispose();
        kept.Inputs.IsInvalid.Should().BeTrue();
    }

    [Fact]
    public void Collating_dataset_builds_batches_from_samples()
    {
        var samples = new PointDataset(9);
        var dataset = new CollatingDataset<(float X, float Y, long Label)>(samples, batch =>
            (tensor(batch.SelectMany(s => new[] { s.X, s.Y }).ToArray(), [batch.Count, 2]),
             tensor(batch.Select(s => s.Label).ToArray(), [batch.Count])));
        dataset.Count.Should().Be(9);
        var batches = LoaderTestData.Drain(new DataLoader(dataset, batchSize: 4, shuffle: true, seed: 2).Epoch(0));
        batches.Select(b => b.shape[0]).Should().Equal(4, 4, 1);
        foreach (var (indices, inputs, targets, _) in batches)
        {
            inputs.Should().Equal(indices.SelectMany(i => new[] { i * 10f, -i }));
            targets.Should().Equal(indices.Select(i => (long)(i % 3)));
        }
    }

    [Fact]
    public void Tensor_dataset_selects_rows_of_both_tensors()
    {
        using var inputs = arange(0, 30, dtype: ScalarType.Float32).reshape(10, 3);
        using var targets = arange(0, 10);
        var dataset = new TensorDataset(inputs, targets);
        dataset.Count.Should().Be(10);
        var batches = LoaderTestData.Drain(new DataLoader(dataset, batchSize: 4, shuffle: true, seed: 8).Epoch(0));
        foreach (var (indices, x, y, shape) in batches)
        {
            shape.Should().Equal(indices.Length, 3);
            x.Should().Equal(indices.SelectMany(i => new[] { 3f * i, (3f * i) + 1, (3f * i) + 2 }));
            y.Should().Equal(indices.Select(i => (long)i));
        }
        using var nine = arange(0, 9);
        var mismatch = () => new TensorDataset(inputs, nine);
        mismatch.Should().Throw<ArgumentException>().WithMessage("*10 samples but targets hold 9*");
    }

    [Fact]
    public void Batches_can_be_moved_to_a_device()
    {
        var loader = new DataLoader(new IndexDataset(6), batchSize: 4, prefetch: 1, device: CPU);
        loader.Device.Should().Be(CPU);
        var batches = LoaderTestData.Drain(loader.Epoch(0));
        batches.SelectMany(b => b.targets).Should().Equal(0L, 1, 2, 3, 4, 5);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        var dataset = new IndexDataset(3);
        var size = () => new DataLoader(dataset, batchSize: 0);
        size.Should().Throw<ArgumentOutOfRangeException>();
        var prefetch = () => new DataLoader(dataset, batchSize: 1, prefetch: -1);
        prefetch.Should().Throw<ArgumentOutOfRangeException>();
        var epoch = () => new DataLoader(dataset, batchSize: 1).Epoch(-1);
        epoch.Should().Throw<ArgumentOutOfRangeException>();
    }

    private sealed class PointDataset(int count) : IDataset<(float X, float Y, long Label)>
    {
        public int Count => count;

        public (float X, float Y, long Label) Get(int index) => (index * 10f, -index, index % 3);
    }
}
