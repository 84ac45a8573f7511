using System.Diagnostics;
using ResNetTab.Models.Training;
using ResNetTab.SelfSupervised.Sequences;
using static TorchSharp.torch;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>
/// Training windows/s of the sequence detector (LSTM 2 × 128, dropout 0.1, batch 64, 16 steps of 64 event features + 3,
/// AdamW 2e-3, clipping at norm 1, float32), the same steps as bench/python/sequence_torch.py: next-step prediction alone,
/// and the library's <see cref="SequenceObjective"/> (corruptions, 2B forward, both losses). Also one epoch of
/// <see cref="SequenceTrainer"/> (batch source, trainer loop) on 4,096 windows. Best of five rounds.
/// </summary>
internal static class SequenceSpeed
{
    private const int D = 64, L = 16, B = 64;

    public static void Run(int steps)
    {
        Console.WriteLine($"TorchSharp, libtorch {__version__}, threads {get_num_threads()}");
        Console.WriteLine($"sequence_next_step_windows_per_s {Case(steps, nextStepOnly: true):F0}");
        Console.WriteLine($"sequence_objective_windows_per_s {Case(steps, nextStepOnly: false):F0}");
        Console.WriteLine($"sequence_trainer_epoch_windows_per_s {TrainerEpoch():F0}");
    }

    private static SequenceAnomalyDetectorOptions Shape => new() { EventFeatures = D };

    private static Tensor Windows(long count)
    {
        var x = randn(count, L, D + 3);
        using (no_grad())
        {
            x.select(2, D).copy_(rand(count, L) * 5);
            x.select(2, D + 1).zero_();
            x.select(2, D + 1).select(1, 0).fill_(1);
            x.select(2, D + 2).fill_(1);
        }
        return x;
    }

    private static double Case(int steps, bool nextStepOnly)
    {
        using var model = SequenceTrainer.CreateModel(Shape, 0);
        var objective = new SequenceObjective(model, new SequenceObjectiveOptions { NormalityWeight = nextStepOnly ? 0 : 1 });
        using var optimizer = new FusedAdamW(model.parameters(), 2e-3, weightDecay: 1e-4);
        var parameters = model.parameters().ToList();
        model.train();
        using var x = Windows(B);
        using var metrics = new MetricSums();
        var batch = new SequenceBatch(x, [.. Enumerable.Range(0, B)]);
        void Step()
        {
            using var scope = NewDisposeScope();
            var loss = objective.Loss(batch, metrics);
            optimizer.zero_grad();
            loss.backward();
            nn.utils.clip_grad_norm_(parameters, 1.0);
            optimizer.step();
        }
        for (var i = 0; i < 3; i++) Step();
        var best = double.MaxValue;
        for (var r = 0; r < 5; r++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < steps; i++) Step();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return steps * B / best;
    }

    private static double TrainerEpoch()
    {
        using var all = Windows(4096);
        var set = new SequenceWindowSet(all.data<float>().ToArray(), L, D + 3);
        using var model = SequenceTrainer.CreateModel(Shape, 0);
        using var trainer = new SequenceTrainer(model, new SequenceTrainingOptions { Epochs = 2, ValidationFraction = 0, EarlyStoppingPatience = null });
        var history = trainer.Fit(set);
        return history[^1].SamplesPerSecond;
    }
}
