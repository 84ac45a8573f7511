using ResNetTab.Models.Tabular;
using ResNetTab.Models.Training;
using ResNetTab.SelfSupervised;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Tests.Training;

public sealed class PretrainerTests
{
    [Fact]
    public void Pretraining_on_a_structured_set_halves_the_validation_loss()
    {
        var data = StructuredData.Create(1200, seed: 1);
        var recipe = StructuredData.Recipe(epochs: 12);
        using var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, recipe);
        using var pretrainer = new Pretrainer(model, recipe);
        var validation = new TabularBatchSource(data, 256, subset: Enumerable.Range(0, 120).ToArray());
        var before = pretrainer.Trainer.Evaluate(validation).Loss;

        var history = pretrainer.Fit(new TabularBatchSource(data, 64, shuffle: true, seed: 1, dropLast: true, subset: Enumerable.Range(120, 1080).ToArray()), validation);

        history.Should().HaveCount(12);
        var after = pretrainer.Trainer.Evaluate(validation).Loss;
        // The stated margin: the masked reconstruction loss on held-out rows falls to at most half of the untrained model's.
        after.Should().BeLessThan(0.5 * before, $"untrained {before:F4}, pretrained {after:F4}");
        history[^1].ValidationMetrics!.Should().ContainKey("masked");
    }

    [Fact]
    public void A_resumed_run_ends_with_exactly_the_weights_and_history_of_an_uninterrupted_one()
    {
        using var dir = new TempFolder();
        var data = StructuredData.Create(400, seed: 2);
        var recipe = StructuredData.Recipe(epochs: 4) with
        {
            EarlyStoppingPatience = 3,
            Objective = new SelfSupervisedObjectiveOptions { ContrastiveWeight = 0.5 },
        };

        using var straight = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, recipe);
        using (var run = new Pretrainer(straight, recipe with { CheckpointPath = dir.File("a.safetensors") })) run.Fit(data);
        var expected = straight.OrderedStateDict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var expectedHistory = TrainingCheckpoint.Load(dir.File("a.safetensors")).History;

        var path = dir.File("b.safetensors");
        using (var first = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, recipe))
        using (var cancel = new CancellationTokenSource())
        using (var interrupted = new Pretrainer(first, recipe with { CheckpointPath = path }))
        {
            var progress = new SynchronousProgress(p =>
            {
                if (p.Completed is { Epoch: 1 }) cancel.Cancel();
            });
            var act = () => interrupted.Fit(data, progress, cancel.Token);
            act.Should().Throw<OperationCanceledException>();
            interrupted.Trainer.CompletedEpochs.Should().Be(2);
        }
        manual_seed(999); // whatever the generator holds now, the checkpoint restores it
        using var resumedModel = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, recipe with { Seed = 5 });
        using var resumed = new Pretrainer(resumedModel, recipe with { CheckpointPath = path });
        var history = resumed.Fit(data);

        history.Select(h => (h.TrainLoss, h.ValidationLoss)).Should().Equal(expectedHistory.Select(h => (h.TrainLoss, h.ValidationLoss)));
        foreach (var (name, t) in resumedModel.OrderedStateDict())
            t.Identical(expected[name]).Should().BeTrue($"{name} is bit-identical after the resume");
    }

    [Fact]
    public void Early_stopping_restores_the_weights_of_the_best_validation_epoch()
    {
        var data = StructuredData.Create(600, seed: 3);
        // A rate far too high makes the validation loss bounce, so the best epoch is not the last.
        var recipe = StructuredData.Recipe(epochs: 30) with { LearningRate = 0.08, WarmupEpochs = 0, GradientClipNorm = null, EarlyStoppingPatience = 2, WeightDecay = 0 };
        using var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, recipe);
        using var pretrainer = new Pretrainer(model, recipe);
        var validation = new TabularBatchSource(data, 128, subset: Enumerable.Range(0, 100).ToArray());
        var history = pretrainer.Fit(new TabularBatchSource(data, 64, shuffle: true, dropLast: true, subset: Enumerable.Range(100, 500).ToArray()), validation);

        pretrainer.Trainer.StoppedEarly.Should().BeTrue();
        var best = history.MinBy(h => h.ValidationLoss!.Value)!;
        pretrainer.Trainer.BestEpoch.Should().Be(best.Epoch);
        best.Epoch.Should().BeLessThan(history[^1].Epoch);
        // Validation masks are fixed per batch, so the restored weights reproduce the best epoch's loss.
        pretrainer.Trainer.Evaluate(validation).Loss.Should().BeApproximately(best.ValidationLoss!.Value, 1e-6);
    }

    [Fact]
    public void Bad_data_is_refused_with_a_clear_message()
    {
        var recipe = StructuredData.Recipe(epochs: 1);
        using var model = Pretrainer.CreateModel(StructuredData.Numerical, StructuredData.Cardinalities, recipe);
        using var pretrainer = new Pretrainer(model, recipe);
        var good = StructuredData.Create(50, seed: 4);

        var nan = StructuredData.Create(50, seed: 4);
        nan.Numerical.Span[7] = float.NaN;
        ((Action)(() => pretrainer.Fit(nan))).Should().Throw<ArgumentException>().WithMessage("*NaN at row 1, numerical column 3*");

        var empty = new TabularData(Array.Empty<float>(), Array.Empty<long>(), 0, StructuredData.Numerical, 2);
        ((Action)(() => pretrainer.Fit(empty))).Should().Throw<ArgumentException>().WithMessage("*empty*");

        var narrow = new TabularData(new float[150], good.Categorical, 50, 3, 2);
        ((Action)(() => pretrainer.Fit(narrow))).Should().Throw<ArgumentException>().WithMessage("*3 numerical columns but the model expects 4*");

        var outOfRange = StructuredData.Create(50, seed: 4);
        outOfRange.Categorical.Span[3] = 6;
        ((Action)(() => pretrainer.Fit(outOfRange))).Should().Throw<ArgumentException>().WithMessage("*index 6 at row 1, categorical column 1, outside [0, 6)*");

        ((Action)(() => new Pretrainer(model, recipe with { Objective = new SelfSupervisedObjectiveOptions { MaskedWeight = 0 } })))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*nothing to train*");
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
