using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Evaluation;
using ResNetTab.SelfSupervised.Sequences;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Tests.Sequences;

/// <summary>Training on the generic trainer: determinism, bit-exact resume, early stopping, the scorer, save and load.</summary>
public sealed class SequenceTrainingTests
{
    private static readonly SequenceAnomalyDetectorOptions SmallNet = new() { EventFeatures = SequenceData.Features, HiddenSize = 16, HeadHidden = 8 };

    private static SequenceTrainingOptions Recipe(int epochs, string? checkpoint = null) => new()
    {
        Epochs = epochs, BatchSize = 16, LearningRate = 5e-3, Seed = 3, EarlyStoppingPatience = null, CheckpointPath = checkpoint,
    };

    private static Dictionary<string, Tensor> Train(SequenceWindowSet windows, SequenceTrainingOptions recipe, out IReadOnlyList<Models.Training.EpochMetrics> history)
    {
        using var model = SequenceTrainer.CreateModel(SmallNet, recipe.Seed);
        using var trainer = new SequenceTrainer(model, recipe);
        history = [.. trainer.Fit(windows)];
        return model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
    }

    private static void ShouldBeIdentical(Dictionary<string, Tensor> a, Dictionary<string, Tensor> b)
    {
        a.Keys.Should().BeEquivalentTo(b.Keys);
        foreach (var (name, t) in a) t.Identical(b[name]).Should().BeTrue(name);
    }

    [Fact]
    public void Two_runs_with_one_seed_give_identical_weights_and_losses()
    {
        var windows = SequenceData.Windows(30, 24, seed: 1);
        var first = Train(windows, Recipe(2), out var h1);
        var second = Train(windows, Recipe(2), out var h2);
        ShouldBeIdentical(first, second);
        h1.Select(m => m.TrainLoss).Should().Equal(h2.Select(m => m.TrainLoss));
        h1.Select(m => m.ValidationLoss).Should().Equal(h2.Select(m => m.ValidationLoss));
        h1[0].TrainMetrics.Keys.Should().BeEquivalentTo("next_step", "normality", "normality_accuracy");
    }

    [Fact]
    public void A_resumed_run_ends_bit_identical_to_an_uninterrupted_one()
    {
        using var folder = new TempFolder();
        var windows = SequenceData.Windows(30, 24, seed: 2);
        var uninterrupted = Train(windows, Recipe(3), out var full);
        var path = folder.File("sequence.ckpt");
        Train(windows, Recipe(2, path), out _);
        var resumed = Train(windows, Recipe(3, path), out var continued);
        ShouldBeIdentical(uninterrupted, resumed);
        continued.Select(m => m.TrainLoss).Should().Equal(full.Select(m => m.TrainLoss));
    }

    [Fact]
    public void Early_stopping_keeps_the_best_epoch()
    {
        var windows = SequenceData.Windows(30, 24, seed: 4);
        using var model = SequenceTrainer.CreateModel(SmallNet, 0);
        using var trainer = new SequenceTrainer(model, Recipe(40) with { EarlyStoppingPatience = 1, LearningRate = 5e-2 });
        var history = trainer.Fit(windows);
        trainer.Trainer.StoppedEarly.Should().BeTrue();
        history.Count.Should().BeLessThan(40);
        var best = trainer.Trainer.BestEpoch!.Value;
        history.Min(m => m.ValidationLoss!.Value).Should().Be(history[best].ValidationLoss!.Value);
    }

    [Fact]
    public void The_scorer_ranks_shuffled_and_compressed_windows_above_held_out_normal_ones_and_reloads_identically()
    {
        using var folder = new TempFolder();
        var train = SequenceData.Windows(60, 32, seed: 5);
        var test = SequenceData.Windows(20, 32, seed: 6);
        var labels = new int[test.Count * 2];
        Tensor corrupted;
        using (var x = tensor(test.Values, [test.Count, test.Length, test.Width]))
        {
            var kinds = tensor(Enumerable.Range(0, test.Count).Select(i => (long)(i % 2 == 0 ? WindowCorruption.Shuffled : WindowCorruption.Compressed)).ToArray());
            corrupted = WindowCorruption.Apply(x, 30, new Generator(9), kinds);
        }
        var mixed = new SequenceWindowSet([.. test.Values, .. TensorData.ToArray<float>(corrupted)], test.Length, test.Width);
        for (var i = test.Count; i < labels.Length; i++) labels[i] = 1;

        using var scorer = new SequenceScorer(new SequenceScorerOptions
        {
            Length = SequenceData.Options.Length,
            Detector = SmallNet,
            Training = Recipe(15) with { EarlyStoppingPatience = 3 },
        });
        scorer.Fit(train.ToFeatureMatrix());
        var scores = scorer.Score(mixed.ToFeatureMatrix());
        AnomalyMetrics.RocAuc(labels, scores).Should().BeGreaterThan(0.9);
        scorer.StepScores(mixed.ToFeatureMatrix()).Should().HaveCount(mixed.Count * mixed.Length);

        var path = folder.File("sequence.json");
        ScorerPersistence.Save(scorer, path);
        using var loaded = SequenceScorer.Load(path);
        loaded.Score(mixed.ToFeatureMatrix()).Should().Equal(scores);
        loaded.Threshold.Should().Be(scorer.Threshold);
        loaded.Model!.Options.Should().Be(scorer.Model!.Options);
    }

    [Fact]
    public void A_damaged_saved_network_is_refused_before_any_tensor_is_made()
    {
        using var model = SequenceTrainer.CreateModel(SmallNet, 0);
        var document = DetectorDocument.ToJson(model);
        document["state"]!["rnn.weight_ih_l0"]!["shape"] = System.Text.Json.Nodes.JsonNode.Parse("[64, 99999999]");
        var act = () => DetectorDocument.FromJson(document);
        act.Should().Throw<InvalidDataException>().WithMessage("*rnn.weight_ih_l0*shape [64, 99999999]*needs [64, 7]*");
    }
}
