
namespace ResNetTab.Pipeline.Tests;

[Collection(PipelineCollection.Name)]
public sealed class ConcurrencyTests(PipelineFixture fixture)
{
    [Fact]
    public void Eight_threads_score_one_bundle_like_sequential_calls()
    {
        using var bundle = AnomalyBundle.Load(fixture.BundlePath);
        var options = new ScoringOptions { BatchSize = 500 };
        var expected = bundle.Score([fixture.Events], options).Select(e => e.Score).ToArray();
        var results = new double[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
            results[t] = bundle.Score([fixture.Events], options).Select(e => e.Score).ToArray());
        foreach (var r in results) r.Should().Equal(expected);
    }

    [Fact]
    public void Disposing_while_eight_threads_score_waits_or_refuses_and_never_crashes()
    {
        var records = ResNetTab.Data.RecordReader.ReadFlat(fixture.Events).Take(300).ToList();
        for (var round = 0; round < 6; round++)
        {
            var bundle = AnomalyBundle.Load(fixture.BundlePath);
            var expected = bundle.ScoreRecords(records).Select(e => e.Score).ToArray();
            using var started = new CountdownEvent(8);
            var completed = 0;
            var refused = 0;
            var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
            {
                started.Signal();
                try
                {
                    while (true)
                    {
                        bundle.ScoreRecords(records).Select(e => e.Score).Should().Equal(expected);
                        Interlocked.Increment(ref completed);
                    }
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref refused);
                }
                catch (Exception e)
                {
                    failures.Add(e);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            started.Wait();
            Thread.Sleep(20 * round);
            bundle.Dispose();
            threads.ForEach(t => t.Join());
            failures.Should().BeEmpty();
            refused.Should().Be(8, "every thread ends when the bundle is disposed");
            bundle.Dispose();
        }
    }

    [Fact]
    public void Disposing_between_batches_of_a_stream_refuses_the_next_batch()
    {
        var bundle = AnomalyBundle.Load(fixture.BundlePath);
        using var stream = bundle.Score([fixture.Events], new ScoringOptions { BatchSize = 1000 }).GetEnumerator();
        stream.MoveNext().Should().BeTrue();
        bundle.Dispose();
        var rest = () => { while (stream.MoveNext()) { } };
        rest.Should().Throw<ObjectDisposedException>();
    }
}
