using ResNetTab.Anomaly;

namespace ResNetTab.SelfSupervised.Tests.Detection;

public sealed class ReconstructionScorerDisposeTests
{
    [Fact]
    public void Disposing_while_threads_score_waits_for_them_or_makes_them_throw_ObjectDisposedException()
    {
        var recipe = StructuredData.Recipe(epochs: 1) with { Width = 16, Blocks = 1, ProjectionDim = 8 };
        var train = StructuredData.Create(100, seed: 51);
        var rows = StructuredData.Create(40, seed: 52);
        using var dir = new TempFolder();
        var path = dir.File("scorer.json");
        using (var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, recipe))
        using (var fitted = new ReconstructionScorer(model, new ReconstructionScorerOptions { MaskCounts = [2] }))
        {
            fitted.Fit(train);
            ScorerPersistence.Save(fitted, path);
        }
        var expected = ScorerPersistence.Load<ReconstructionScorer>(path);
        var reference = expected.Score(rows);
        expected.Dispose();

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var completed = 0;
        var refused = 0;
        for (var round = 0; round < 20; round++)
        {
            // A loaded scorer owns its model, so disposing it frees native memory the scoring threads use.
            var scorer = ScorerPersistence.Load<ReconstructionScorer>(path);
            using var start = new Barrier(5);
            var workers = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < 5; i++)
                {
                    try
                    {
                        if (scorer.Score(rows).SequenceEqual(reference)) Interlocked.Increment(ref completed);
                        else failures.Add("a score changed");
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
            foreach (var w in workers) w.Start();
            start.SignalAndWait();
            Thread.Sleep(round % 3);
            scorer.Dispose();
            foreach (var w in workers) w.Join();
            var after = () => scorer.Score(rows);
            after.Should().Throw<ObjectDisposedException>();
            scorer.Dispose(); // a second dispose does nothing
        }
        failures.Should().BeEmpty();
        (completed + refused).Should().Be(20 * 4 * 5);
        refused.Should().BeGreaterThan(0, "some calls start after the dispose");
    }
}
