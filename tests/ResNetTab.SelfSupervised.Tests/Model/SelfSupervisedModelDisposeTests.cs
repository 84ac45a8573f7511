using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised.Tests.Model;

public sealed class SelfSupervisedModelDisposeTests
{
    /// <summary>
    /// A caller-owned model shared by a reconstruction scorer, the embedding extractor and direct forwards on several
    /// threads, disposed mid-flight: every call either completes with the sequential answer (concurrent inference shares
    /// evaluation mode) or throws <see cref="ObjectDisposedException"/> — never another exception or a crashed process.
    /// </summary>
    [Fact]
    public void Disposing_a_shared_model_waits_for_its_users_or_makes_them_throw_ObjectDisposedException()
    {
        var recipe = StructuredData.Recipe(epochs: 1) with { Width = 16, Blocks = 1, ProjectionDim = 8, Dropout = 0.3 };
        var train = StructuredData.Create(100, seed: 61);
        var rows = StructuredData.Create(30, seed: 62);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        int completed = 0, refused = 0;
        for (var round = 0; round < 12; round++)
        {
            var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, recipe);
            using var scorer = new ReconstructionScorer(model, new ReconstructionScorerOptions { MaskCounts = [1] });
            scorer.Fit(train);
            model.train(); // the extractor and the scorer switch to evaluation mode and back, sharing the switch
            var scores = scorer.Score(rows);
            var embedding = EmbeddingExtractor.Extract(model, rows);
            model.training.Should().BeTrue("the mode is restored after inference");
            using var start = new Barrier(5);
            var workers = Enumerable.Range(0, 4).Select(w => new Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 6; i++)
                {
                    try
                    {
                        bool same = w % 2 == 0
                            ? scorer.Score(rows).SequenceEqual(scores)
                            : EmbeddingExtractor.Extract(model, rows).Values.SequenceEqual(embedding.Values);
                        if (same) Interlocked.Increment(ref completed);
                        else failures.Add("an answer changed under concurrency");
                    }
                    catch (ObjectDisposedException)
                    {
                        Interlocked.Increment(ref refused);
                    }
                    catch (Exception e)
                    {
                        failures.Add(e.GetType().Name + ": " + e.Message);
                    }
                }
            })).ToArray();
            foreach (var t in workers) t.Start();
            start.SignalAndWait();
            Thread.Sleep(round % 4);
            model.Dispose();
            foreach (var t in workers) t.Join();
            FluentActions.Invoking(() => EmbeddingExtractor.Extract(model, rows)).Should().Throw<ObjectDisposedException>();
            FluentActions.Invoking(() => scorer.Score(rows)).Should().Throw<ObjectDisposedException>();
            model.Dispose(); // a second dispose does nothing
        }
        failures.Should().BeEmpty();
        (completed + refused).Should().Be(12 * 4 * 6);
        refused.Should().BeGreaterThan(0, "some calls start after the dispose");
    }
}
