using ResNetTab.Models.Training;
using ResNetTab.Engine.Serialization;
using ResNetTab.Engine.Tensors;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Training;

/// <summary>Checkpoints hold everything a resumed run needs, and resuming gives the uninterrupted run's result.</summary>
public sealed class ClassificationTrainerCheckpointTests
{
    private static ClassificationTrainerOptions Options(string? checkpoint = null) =>
        new() { Epochs = 4, LearningRate = 0.05, CheckpointPath = checkpoint };

    [Fact]
    public void Resuming_from_a_checkpoint_reproduces_the_uninterrupted_run()
    {
        using var scope = NewDisposeScope();
        using var data = new TinyCifar(trainCount: 96, testCount: 20);
        var checkpoint = data.PathOf("run/last.safetensors");

        using var straight = TinyCifar.Model();
        using (var trainer = new ClassificationTrainer(straight, Options()))
            trainer.Fit(data.TrainLoader(), data.TestLoader());

        // Two epochs, then a fresh process-like start: new model (different init), new trainer, resume.
        using (var first = TinyCifar.Model())
        using (var trainer = new ClassificationTrainer(first, Options(checkpoint)))
        {
            using var stop = new CancellationTokenSource();
            var progress = new StopAfterEpochs(2, stop);
            var act = () => trainer.Fit(data.TrainLoader(), data.TestLoader(), progress, stop.Token);
            act.Should().Throw<OperationCanceledException>();
            trainer.CompletedEpochs.Should().Be(2);
        }
        using var resumed = TinyCifar.Model(seed: 99);
        List<EpochMetrics> history;
        using (var trainer = new ClassificationTrainer(resumed, Options(checkpoint)))
        {
            trainer.LoadCheckpoint(checkpoint);
            trainer.CompletedEpochs.Should().Be(2);
            trainer.History.Should().HaveCount(2);
            trainer.LearningRate.Should().BeApproximately(0.05 * (1 + Math.Cos(Math.PI * 2 / 4)) / 2, 1e-12, "the schedule resumes at epoch 2");
            history = [.. trainer.Fit(data.TrainLoader(), data.TestLoader())];
        }

        history.Should().HaveCount(4);
        var straightState = straight.OrderedStateDict();
        foreach (var (name, t) in resumed.OrderedStateDict())
        {
            var diff = (t.to(ScalarType.Float64) - straightState[name].to(ScalarType.Float64)).abs().max().item<double>();
            diff.Should().BeLessThan(1e-5, $"{name} after resuming");
        }
        using var final = TrainingCheckpoint.Load(checkpoint);
        final.CompletedEpochs.Should().Be(4);
        final.History.Select(h => h.Epoch).Should().Equal(0, 1, 2, 3);
    }

    [Fact]
    public void The_checkpoint_holds_the_model_under_pytorch_names_and_the_momentum_buffers()
    {
        using var scope = NewDisposeScope();
        using var data = new TinyCifar(trainCount: 40, testCount: 10);
        var path = data.PathOf("ckpt.safetensors");
        using var model = TinyCifar.Model();
        using var trainer = new ClassificationTrainer(model, Options(path) with { Epochs = 1 });
        trainer.Fit(data.TrainLoader());

        using var checkpoint = TrainingCheckpoint.Load(path);
        checkpoint.ModelState.Keys.Should().BeEquivalentTo(model.OrderedStateDict().Keys);
        checkpoint.ModelState.Should().ContainKey("layer1.0.conv1.weight").And.ContainKey("fc.bias").And.ContainKey("bn1.running_mean");
        checkpoint.Settings.Should().Contain("SGD").And.Contain("cosine(epochs 1");
        using (var file = ResNetTab.Engine.Serialization.Safetensors.Load(path))
            file["optimizer.torchsharp"].numel().Should().BeGreaterThan(4 * model.ParameterCount(), "the SGD momentum buffers are saved");
        checkpoint.History.Should().ContainSingle().Which.TrainLoss.Should().Be(trainer.History[0].TrainLoss);

        // The model part also loads straight into a fresh network, as a weights file.
        using var copy = TinyCifar.Model(seed: 1);
        copy.LoadStateDict(checkpoint.ModelState);
        copy.eval();
        model.eval();
        using var x = randn(2, 3, 32, 32);
        copy.call(x).allclose(model.call(x)).Should().BeTrue();
    }

    [Fact]
    public void Resuming_with_a_different_schedule_or_model_is_refused_with_the_reason()
    {
        using var scope = NewDisposeScope();
        using var data = new TinyCifar(trainCount: 40, testCount: 10);
        var path = data.PathOf("ckpt.safetensors");
        using (var model = TinyCifar.Model())
        using (var trainer = new ClassificationTrainer(model, Options(path) with { Epochs = 1 }))
            trainer.Fit(data.TrainLoader());

        using (var model = TinyCifar.Model())
        using (var trainer = new ClassificationTrainer(model, Options() with { Epochs = 1, LearningRate = 0.1 }))
            trainer.Invoking(t => t.LoadCheckpoint(path)).Should().Throw<InvalidOperationException>()
                .WithMessage("*lr 0.05*this trainer has*lr 0.1*");

        using (var other = ResNetTab.Models.Vision.ResNetBuilder.Create().WithLayers(1).WithWidths(8).WithCifarStem().WithStemWidth(8).WithClasses(10).Build())
        using (var trainer = new ClassificationTrainer(other, Options() with { Epochs = 1 }))
            trainer.Invoking(t => t.LoadCheckpoint(path)).Should().Throw<Exception>().WithMessage("*layer2*");

        using (var model = TinyCifar.Model())
        using (var trainer = new ClassificationTrainer(model, Options() with { Epochs = 1 }))
        {
            trainer.Invoking(t => t.LoadCheckpoint(data.PathOf("missing.safetensors"))).Should().Throw<FileNotFoundException>();
            var weightsOnly = data.PathOf("weights.safetensors");
            model.SaveSafetensors(weightsOnly);
            trainer.Invoking(t => t.LoadCheckpoint(weightsOnly)).Should().Throw<InvalidDataException>().WithMessage("*not a training checkpoint*");
            File.WriteAllBytes(data.PathOf("truncated.safetensors"), File.ReadAllBytes(path)[..100]);
            trainer.Invoking(t => t.LoadCheckpoint(data.PathOf("truncated.safetensors"))).Should().Throw<InvalidDataException>();
        }
    }

    /// <summary>Cancels the run once the given number of epochs has completed (and been checkpointed).</summary>
    private sealed class StopAfterEpochs(int epochs, CancellationTokenSource source) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Completed is { } m && m.Epoch + 1 == epochs) source.Cancel();
        }
    }
}
