using ResNetTab.Models.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Training;

/// <summary>Training a ResNet on CIFAR-10-format files with augmentation: it learns, reports progress and checkpoints.</summary>
public sealed class ClassificationTrainerCifarTests(ITestOutputHelper output)
{
    [Fact]
    public void A_short_run_lowers_the_loss_and_learns_the_classes()
    {
        using var scope = NewDisposeScope();
        using var data = new TinyCifar(trainCount: 400, testCount: 100);
        using var model = TinyCifar.Model();
        using var trainer = new ClassificationTrainer(model, new ClassificationTrainerOptions { Epochs = 6 });
        var before = trainer.Evaluate(data.TestLoader());
        var history = trainer.Fit(data.TrainLoader(batchSize: 20), data.TestLoader());
        foreach (var m in history) output.WriteLine(TextTrainingProgress.FormatEpoch(m, 6));

        history[^1].TrainLoss.Should().BeLessThan(history[0].TrainLoss * 0.5, "six epochs on a learnable problem halve the loss at least");
        history[^1].ValidationLoss!.Value.Should().BeLessThan(before.Loss * 0.5);
        history[^1].ValidationAccuracy!.Value.Should().BeGreaterThan(0.8, "the class colour is easy to learn (chance is 0.1)");
        before.Accuracy.Should().BeLessThan(0.4, "an untrained network is near chance");
    }

    [Fact]
    public void Progress_is_reported_at_the_interval_at_the_last_batch_and_per_epoch()
    {
        using var scope = NewDisposeScope();
        using var data = new TinyCifar(trainCount: 100, testCount: 20);
        using var model = TinyCifar.Model();
        var reports = new List<TrainingProgress>();
        using var trainer = new ClassificationTrainer(model, new ClassificationTrainerOptions { Epochs = 2, ProgressInterval = 2 });
        trainer.Fit(data.TrainLoader(batchSize: 32), progress: new SynchronousProgress(reports.Add)); // 4 batches: 32, 32, 32, 4

        reports.Select(r => (r.Epoch, r.Batch, r.Completed is null)).Should().Equal(
            (0, 2, true), (0, 4, true), (0, 4, false), (1, 2, true), (1, 4, true), (1, 4, false));
        reports.Should().AllSatisfy(r =>
        {
            r.Epochs.Should().Be(2);
            r.Batches.Should().Be(4);
            r.Loss.Should().BePositive();
            r.SamplesPerSecond.Should().BePositive();
        });
        reports[2].Completed!.Samples.Should().Be(100);
        reports[2].Loss.Should().Be(reports[2].Completed!.TrainLoss);

        var text = new StringWriter();
        var printer = new TextTrainingProgress(text, live: true);
        foreach (var r in reports) printer.Report(r);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2, "one summary line per epoch; the live status is rewritten with carriage returns");
        lines[1].Should().Contain("epoch   2/2").And.Contain("samples/s");
    }

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
