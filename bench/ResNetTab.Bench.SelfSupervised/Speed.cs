using System.Diagnostics;
using ResNetTab.Models.Layers;
using ResNetTab.Models.Tabular;
using ResNetTab.Models.Training;
using ResNetTab.SelfSupervised.Losses;
using ResNetTab.SelfSupervised.Masking;
using ResNetTab.SelfSupervised;
using static TorchSharp.torch;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>
/// Training records/s of TabularResNet (d = 256, 6 blocks, dropout 0.1, 50 numerical and 4 categorical columns of
/// cardinalities 100/50/200/1000, batch 256, Adam 1e-3), the same steps as bench/python/ssl_torch.py:
/// masked-feature training (the loss; the categorical heads computed on the masked rows only); contrastive training with two SCARF views in one 2B forward pass and NT-Xent; and the
/// library's SelfSupervisedObjective (masked numerical and categorical cells, learned mask value); each in float32 and,
/// where the CPU multiplies bfloat16 natively, with <see cref="MixedPrecision"/>. Best of five rounds.
/// </summary>
internal static class Speed
{
    private static readonly int[] Cards = [100, 50, 200, 1000];

    public static void Run(int steps)
    {
        Console.WriteLine($"TorchSharp, libtorch {__version__}, threads {get_num_threads()}");
        Console.WriteLine($"masked_train_records_per_s {Masked(steps, null):F0}");
        Console.WriteLine($"contrastive_train_records_per_s {Contrastive(steps, null):F0}");
        Console.WriteLine($"library_masked_objective_records_per_s {LibraryObjective(steps, null):F0}");
        if (!MixedPrecision.IsAccelerated()) return;
        Console.WriteLine($"masked_bf16_train_records_per_s {Masked(steps, ScalarType.BFloat16):F0}");
        Console.WriteLine($"contrastive_bf16_train_records_per_s {Contrastive(steps, ScalarType.BFloat16):F0}");
        Console.WriteLine($"library_masked_objective_bf16_records_per_s {LibraryObjective(steps, ScalarType.BFloat16):F0}");
    }

    private static TabularResNet Encoder() =>
        TabularResNetBuilder.Create().WithNumericalColumns(50).WithCategorical(Cards).WithWidth(256).WithBlocks(6).WithDropout(0.1).Build();

    private static (Tensor Numerical, Tensor Categorical) Inputs()
    {
        var numerical = randn(256, 50);
        var categorical = stack(Cards.Select(c => randint(3, c, [256], dtype: ScalarType.Int64)).ToArray(), 1);
        return (numerical, categorical);
    }

    // The masked step: Bernoulli(0.15) over the 4 categorical cells (masked cells -> 0), loss = MSE(numerical head)
    // + cross-entropy of each column over its masked rows (MaskedFeatureHeads: only the masked rows' logits of the
    // gathered columns are computed; the CE is the mean over masked cells where the reference sums per-column means,
    // the same work).
    private static double Masked(int steps, ScalarType? precision)
    {
        manual_seed(0);
        using var model = Encoder();
        using var heads = new MaskedFeatureHeads(256, 50, Cards);
        using var optimizer = new FusedAdamW(model.parameters().Concat(heads.parameters()), 1e-3, weightDecay: 0);
        model.train();
        var (numerical, categorical) = Inputs();
        void Step()
        {
            using var scope = NewDisposeScope();
            var mask = FeatureMasks.Bernoulli(256, 4, 0.15);
            Tensor loss;
            using (precision is { } type ? MixedPrecision.Autocast(type) : null)
            {
                var embedding = model.call(numerical, categorical.masked_fill(mask, 0));
                loss = nn.functional.mse_loss(MixedPrecision.Linear(heads.numerical!, embedding), numerical)
                    + heads.MaskedCategoricalLoss(embedding, categorical, mask);
            }
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        return Time(Step, steps);
    }

    private static double Contrastive(int steps, ScalarType? precision)
    {
        manual_seed(0);
        using var model = Encoder();
        using var projection = new ProjectionHead(256, 128);
        using var optimizer = new FusedAdamW(model.parameters().Concat(projection.parameters()), 1e-3, weightDecay: 0);
        model.train();
        var (numerical, categorical) = Inputs();
        var corruption = new ScarfCorruption(0.3);
        void Step()
        {
            using var scope = NewDisposeScope();
            var (n1, c1, _) = corruption.Apply(numerical, categorical);
            var (n2, c2, _) = corruption.Apply(numerical, categorical);
            Tensor loss;
            using (precision is { } type ? MixedPrecision.Autocast(type) : null)
            {
                var z = projection.call(model.call(cat([n1, n2]), cat([c1, c2])));
                loss = NtXentLoss.Compute(z.narrow(0, 0, 256), z.narrow(0, 256, 256), 0.07);
            }
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        return Time(Step, steps);
    }

    private static double LibraryObjective(int steps, ScalarType? precision)
    {
        manual_seed(0);
        var encoder = new TabularResNetOptions { NumericalColumns = 50, Cardinalities = Cards, Width = 256, Blocks = 6, Dropout = 0.1 };
        using var model = new SelfSupervisedModel(new SelfSupervisedModelOptions { Encoder = encoder });
        var objective = new SelfSupervisedObjective(model);
        using var optimizer = new FusedAdamW(model.parameters(), 1e-3, weightDecay: 0);
        model.train();
        var (numerical, categorical) = Inputs();
        using var metrics = new ResNetTab.Models.Training.MetricSums();
        void Step()
        {
            using var scope = NewDisposeScope();
            Tensor loss;
            using (precision is { } type ? MixedPrecision.Autocast(type) : null)
                loss = objective.Masked(numerical, categorical).Loss;
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        return Time(Step, steps);
    }

    private static double Time(Action step, int steps)
    {
        for (var i = 0; i < 3; i++) step();
        var best = double.MaxValue;
        for (var r = 0; r < 5; r++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < steps; i++) step();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return steps * 256 / best;
    }
}
