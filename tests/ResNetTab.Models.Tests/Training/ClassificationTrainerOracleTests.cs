using ResNetTab.Models.Training;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Training;

/// <summary>The trainer reproduces a PyTorch training loop (SGD, cosine schedule, train/eval modes, loss and accuracy bookkeeping).</summary>
public sealed class ClassificationTrainerOracleTests
{
    [Theory]
    [InlineData(0)] // the CIFAR recipe: lr 0.1, momentum 0.9, weight decay 5e-4
    [InlineData(1)] // Nesterov, label smoothing 0.1, eta_min 0.01
    public void Three_epochs_match_pytorch(int run)
    {
        using var scope = NewDisposeScope();
        using var model = TrainerOracle.Model();
        using var trainer = new ClassificationTrainer(model, TrainerOracle.Options(run));
        var history = trainer.Fit(TrainerOracle.TrainLoader(), TrainerOracle.ValidationLoader());

        var expected = TrainerOracle.Run(run).GetProperty("epochs");
        history.Should().HaveCount(3);
        for (var e = 0; e < 3; e++)
        {
            var want = expected[e];
            history[e].Epoch.Should().Be(e);
            history[e].LearningRate.Should().BeApproximately(want.GetProperty("lr").GetDouble(), 1e-12, $"epoch {e} lr");
            history[e].TrainLoss.Should().BeApproximately(want.GetProperty("train_loss").GetDouble(), 1e-5, $"epoch {e} train loss");
            history[e].TrainAccuracy.Should().BeApproximately(want.GetProperty("train_accuracy").GetDouble(), 1e-12, $"epoch {e} train accuracy");
            history[e].ValidationLoss!.Value.Should().BeApproximately(want.GetProperty("val_loss").GetDouble(), 1e-5, $"epoch {e} val loss");
            history[e].ValidationAccuracy!.Value.Should().BeApproximately(want.GetProperty("val_accuracy").GetDouble(), 1e-12, $"epoch {e} val accuracy");
            history[e].Samples.Should().Be(24);
        }

        var final = TrainerOracle.State(TrainerOracle.Run(run).GetProperty("final_state"));
        var mine = model.OrderedStateDict();
        mine.Keys.Should().Equal(final.Select(kv => kv.Key));
        foreach (var (name, want) in final)
        {
            var got = mine[name];
            var diff = (got.to(ScalarType.Float64) - want.to(ScalarType.Float64)).abs().max().item<double>();
            diff.Should().BeLessThan(1e-5, $"{name} after three epochs");
        }
        trainer.CompletedEpochs.Should().Be(3);
    }

    [Fact]
    public void Learning_rate_follows_the_cosine_and_reaches_eta_min()
    {
        using var scope = NewDisposeScope();
        using var model = TrainerOracle.Model();
        var options = new ClassificationTrainerOptions { Epochs = 6, LearningRate = 0.1, MinLearningRate = 0.001 };
        using var trainer = new ClassificationTrainer(model, options);
        var history = trainer.Fit(TrainerOracle.TrainLoader());
        for (var e = 0; e < 6; e++)
            history[e].LearningRate.Should().BeApproximately(0.001 + (0.1 - 0.001) * (1 + Math.Cos(Math.PI * e / 6)) / 2, 1e-12);
        trainer.LearningRate.Should().BeApproximately(0.001, 1e-12, "after the last step the schedule sits at eta_min");
        history.Select(h => h.ValidationLoss).Should().AllSatisfy(v => v.Should().BeNull());
    }

    [Fact]
    public void Evaluate_matches_the_reference_and_keeps_the_mode()
    {
        using var scope = NewDisposeScope();
        using var model = TrainerOracle.Model();
        using var trainer = new ClassificationTrainer(model, TrainerOracle.Options(0));
        trainer.Fit(TrainerOracle.TrainLoader());
        model.train();
        var result = trainer.Evaluate(TrainerOracle.ValidationLoader());
        var last = TrainerOracle.Run(0).GetProperty("epochs")[2];
        result.Loss.Should().BeApproximately(last.GetProperty("val_loss").GetDouble(), 1e-5);
        result.Accuracy.Should().BeApproximately(last.GetProperty("val_accuracy").GetDouble(), 1e-12);
        result.Samples.Should().Be(10);
        model.training.Should().BeTrue("Evaluate restores the mode it found");
    }
}

/// <summary>A long run holds a constant number of native tensors: every batch's temporaries are freed.</summary>
public sealed class ClassificationTrainerLifetimeTests
{
    [Fact]
    public void Live_tensors_stay_flat_across_epochs()
    {
        using var model = TrainerOracle.Model();
        using var trainer = new ClassificationTrainer(model, TrainerOracle.Options(0) with { Epochs = 6 });
        var live = new List<long>();
        var progress = new EpochEnd(() => live.Add(Tensor.TotalCount));
        trainer.Fit(TrainerOracle.TrainLoader(), TrainerOracle.ValidationLoader(), progress);
        live.Should().HaveCount(6);
        live.Skip(1).Should().AllSatisfy(n => n.Should().Be(live[0], "after the first epoch (momentum buffers created) nothing accumulates"));
    }

    private sealed class EpochEnd(Action action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Completed is not null) action();
        }
    }
}
