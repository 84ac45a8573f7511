using ResNetTab.Models.Tabular;
using ResNetTab.Models.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tests.Training;

/// <summary>The generic loop's own features: schedules, early stopping, clipping, time budget, exact resume.</summary>
[Collection(TrainerCollection.Name)]
public sealed class TrainerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("resnettab-trainer-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>One scalar parameter w; training loss = −slope·w (so SGD with lr 1 adds slope to w), evaluation loss = (w − 3)².</summary>
    private sealed class Scalar : nn.Module
    {
        public readonly Parameter w = nn.Parameter(zeros(1));

        public Scalar() : base(nameof(Scalar)) => RegisterComponents();
    }

    private sealed class ScriptedObjective(double slope, TimeSpan delay = default) : ITrainingObjective<UnitBatch>
    {
        private readonly Scalar scalar = new();

        public nn.Module Module => scalar;

        public double W => scalar.w.item<float>();

        public string Describe() => $"scripted(slope {slope})";

        public Tensor Loss(UnitBatch batch, MetricSums metrics)
        {
            if (delay > TimeSpan.Zero) Thread.Sleep(delay);
            return scalar.training ? -slope * scalar.w.sum() : (scalar.w - 3).square().sum();
        }
    }

    private sealed class UnitBatch : ITrainingBatch
    {
        public int Size => 1;

        public void Dispose()
        {
        }
    }

    private sealed class UnitSource : IBatchSource<UnitBatch>
    {
        public int Count => 1;

        public IEnumerable<UnitBatch> Epoch(int epoch, CancellationToken cancellationToken = default)
        {
            yield return new UnitBatch();
        }
    }

    [Fact]
    public void Cosine_schedule_per_epoch_equals_pytorchs_closed_form_and_per_step_warms_up_linearly()
    {
        var perEpoch = new CosineSchedule(Epochs: 4, MinLearningRate: 0.01);
        double[] expected = [0.1, 0.01 + 0.09 * (1 + Math.Cos(Math.PI / 4)) / 2, 0.055, 0.01 + 0.09 * (1 + Math.Cos(3 * Math.PI / 4)) / 2];
        Enumerable.Range(0, 4).Select(e => perEpoch.LearningRate(0.1, e, step: 7, stepsPerEpoch: 10)).Should().Equal(expected, (a, b) => Math.Abs(a - b) < 1e-15);

        var warm = new CosineSchedule(Epochs: 2, WarmupEpochs: 0.5, PerStep: true);
        // 10 steps per epoch: 5 warm-up steps reach the base rate, then a cosine over the remaining 15.
        Enumerable.Range(0, 5).Select(s => warm.LearningRate(1.0, 0, s, 10)).Should().Equal(0.2, 0.4, 0.6, 0.8, 1.0);
        warm.LearningRate(1.0, 0, 5, 10).Should().Be(1.0);
        warm.LearningRate(1.0, 1, 2, 10).Should().BeApproximately((1 + Math.Cos(Math.PI * 7 / 15)) / 2, 1e-15);
    }

    [Fact]
    public void Early_stopping_ends_after_the_patience_and_restores_the_best_epoch()
    {
        var objective = new ScriptedObjective(slope: 1);
        using var trainer = new Trainer<UnitBatch>(objective, p => optim.SGD(p, 1.0),
            options: new TrainerOptions { Epochs = 20, EarlyStoppingPatience = 2 });
        trainer.Fit(new UnitSource(), new UnitSource());
        // w after each epoch: 1, 2, 3, 4, 5 → validation loss 4, 1, 0, 1, 4: best epoch 2, two epochs without improvement.
        trainer.History.Select(h => h.ValidationLoss!.Value).Should().Equal(4, 1, 0, 1, 4);
        trainer.StoppedEarly.Should().BeTrue();
        trainer.BestEpoch.Should().Be(2);
        objective.W.Should().Be(3, "the best epoch's weights are put back");
    }

    [Fact]
    public void Gradients_are_clipped_to_the_given_norm()
    {
        var objective = new ScriptedObjective(slope: 10);
        using var trainer = new Trainer<UnitBatch>(objective, p => optim.SGD(p, 1.0),
            options: new TrainerOptions { Epochs = 1, GradientClipNorm = 0.5 });
        trainer.Fit(new UnitSource());
        objective.W.Should().BeApproximately(0.5, 1e-6, "a gradient of norm 10 is scaled to 0.5");
    }

    [Fact]
    public void No_epoch_starts_after_the_time_budget()
    {
        var objective = new ScriptedObjective(slope: 1, delay: TimeSpan.FromMilliseconds(30));
        using var trainer = new Trainer<UnitBatch>(objective, p => optim.SGD(p, 1.0),
            options: new TrainerOptions { Epochs = 50, TimeBudget = TimeSpan.FromMilliseconds(1) });
        trainer.Fit(new UnitSource());
        trainer.CompletedEpochs.Should().Be(1);
    }

    [Fact]
    public void Out_of_range_settings_are_refused_with_their_name()
    {
        var objective = new ScriptedObjective(slope: 1);
        foreach (var (options, name) in new (TrainerOptions, string)[]
        {
            (new TrainerOptions { Epochs = 0 }, "Epochs"),
            (new TrainerOptions { GradientClipNorm = -1 }, "GradientClipNorm"),
            (new TrainerOptions { EarlyStoppingPatience = 0 }, "EarlyStoppingPatience"),
            (new TrainerOptions { TimeBudget = TimeSpan.Zero }, "TimeBudget"),
        })
        {
            var act = () => new Trainer<UnitBatch>(objective, p => optim.SGD(p, 1.0), options: options);
            act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
        }
    }

    /// <summary>Reconstructs the numerical columns from a TabularResNet's embedding (dropout on, so the random generator matters).</summary>
    private sealed class Reconstruction : nn.Module, ITrainingObjective<TabularBatch>
    {
        private readonly TabularResNet encoder;
        private readonly Linear head;

        public Reconstruction() : base(nameof(Reconstruction))
        {
            encoder = TabularResNetBuilder.Create().WithNumericalColumns(4).WithCategorical(5, 6).WithWidth(16).WithBlocks(2).WithDropout(0.2).Build();
            head = nn.Linear(16, 4);
            RegisterComponents();
        }

        public nn.Module Module => this;

        public string Describe() => "reconstruction";

        public Tensor Loss(TabularBatch batch, MetricSums metrics) =>
            nn.functional.mse_loss(head.call(encoder.call(batch.Numerical, batch.Categorical)), batch.Numerical);
    }

    private static TabularBatchSource Rows()
    {
        var random = new Random(3);
        var numerical = Enumerable.Range(0, 96 * 4).Select(_ => (float)random.NextDouble()).ToArray();
        var categorical = Enumerable.Range(0, 96 * 2).Select(i => (long)random.Next(i % 2 == 0 ? 5 : 6)).ToArray();
        return new TabularBatchSource(new TabularData(numerical, categorical, 96, 4, 2), batchSize: 16, shuffle: true, seed: 11, dropLast: true);
    }

    private static Trainer<TabularBatch> NewTrainer(Reconstruction objective, string? checkpoint) =>
        new(objective, p => optim.AdamW(p, 3e-3, weight_decay: 0.01), new CosineSchedule(Epochs: 4, WarmupEpochs: 0.5, PerStep: true),
            new TrainerOptions { Epochs = 4, CheckpointPath = checkpoint, GradientClipNorm = 1.0 });

    [Fact]
    public void A_run_resumed_from_a_checkpoint_ends_with_the_weights_of_an_uninterrupted_run()
    {
        manual_seed(5);
        using var straight = new Reconstruction();
        var initial = straight.OrderedStateDict().ToDictionary(p => p.Key, p => p.Value.clone());
        using (var trainer = NewTrainer(straight, null))
        {
            manual_seed(17);
            trainer.Fit(Rows());
        }

        var path = Path.Combine(folder, "resume.safetensors");
        using var first = new Reconstruction();
        first.LoadStateDict(initial);
        using (var trainer = NewTrainer(first, path))
        {
            manual_seed(17);
            var stopAfterTwo = new CancellationTokenSource();
            var interrupted = () => trainer.Fit(Rows(), progress: new StopAfter(2, stopAfterTwo), cancellationToken: stopAfterTwo.Token);
            interrupted.Should().Throw<OperationCanceledException>();
            trainer.CompletedEpochs.Should().Be(2);
        }

        using var rngAfterTwo = get_rng_state();
        manual_seed(999); // a different generator state: the checkpoint must bring back its own
        using var resumed = new Reconstruction();
        using (var trainer = NewTrainer(resumed, path))
        {
            trainer.LoadCheckpoint(path);
            trainer.CompletedEpochs.Should().Be(2);
            using (var restored = get_rng_state()) restored.Equals(rngAfterTwo).Should().BeTrue("the checkpoint restores the random generator");
            foreach (var (name, expected) in first.OrderedStateDict())
                resumed.OrderedStateDict()[name].Equals(expected).Should().BeTrue($"the checkpoint restores {name} exactly");
            trainer.Fit(Rows());
            trainer.History.Should().HaveCount(4);
        }

        // Bit-identical: the runtime defaults run MKL in strict reproducibility mode (MKL_CBWR=AUTO,STRICT).
        foreach (var (name, expected) in straight.OrderedStateDict())
            resumed.OrderedStateDict()[name].Equals(expected).Should().BeTrue(name);
        foreach (var t in initial.Values) t.Dispose();
    }

    /// <summary>Cancels once the given number of epochs have completed (the epoch's checkpoint is written before the report).</summary>
    private sealed class StopAfter(int epochs, CancellationTokenSource source) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Completed is { } m && m.Epoch + 1 == epochs) source.Cancel();
        }
    }
}

/// <summary>Trainer tests draw from libtorch's global generator: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainerCollection
{
    public const string Name = "trainer global generator";
}
