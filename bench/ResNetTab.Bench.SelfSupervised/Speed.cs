using System.Diagnostics;
using ResNetTab.Models.Tabular;
using ResNetTab.SelfSupervised.Losses;
using ResNetTab.SelfSupervised.Masking;
using ResNetTab.SelfSupervised.Model;
using ResNetTab.SelfSupervised.Training;
using static TorchSharp.torch;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>
/// Training records/s of TabularResNet (d = 256, 6 blocks, dropout 0.1, 50 numerical and 4 categorical columns of
/// cardinalities 100/50/200/1000, batch 256, Adam 1e-3), the same steps as bench/python/ssl_torch.py:
/// masked-feature training (the loss) with one fused head and a segmented cross-entropy, no host
/// synchronisation; contrastive training with two SCARF views in one 2B forward pass and NT-Xent; and the
/// library's SelfSupervisedObjective (masked numerical and categorical cells, learned mask value). Best of five rounds.
/// </summary>
internal static class Speed
{
    private static readonly int[] Cards = [100, 50, 200, 1000];

    public static void Run(int steps)
    {
        Console.WriteLine($"TorchSharp, libtorch {__version__}, threads {get_num_threads()}");
        Console.WriteLine($"masked_fused_train_records_per_s {MaskedFused(steps):F0}");
        Console.WriteLine($"contrastive_train_records_per_s {Contrastive(steps):F0}");
        Console.WriteLine($"library_masked_objective_records_per_s {LibraryObjective(steps):F0}");
    }

    private static TabularResNet Encoder() =>
        TabularResNetBuilder.Create().WithNumericalFeatures(50).WithCategorical(Cards).WithWidth(256).WithBlocks(6).WithDropout(0.1).Build();

    private static (Tensor Numerical, Tensor Categorical) Inputs()
    {
        var numerical = randn(256, 50);
        var categorical = stack(Cards.Select(c => randint(3, c, [256], dtype: ScalarType.Int64)).ToArray(), 1);
        return (numerical, categorical);
    }

    // The masked step: Bernoulli(0.15) over the 4 categorical cells (masked cells -> 0), loss = MSE(numerical head)
    // + sum_j CE of column j over its masked rows. One Linear(256 -> 50 + 1350) gives both heads; per-column CE is a
    // segmented logsumexp with masked means (clamped counts: no .any()/.item() per step).
    private static double MaskedFused(int steps)
    {
        manual_seed(0);
        using var model = Encoder();
        using var head = nn.Linear(256, 50 + Cards.Sum());
        using var optimizer = optim.Adam(model.parameters().Concat(head.parameters()), 1e-3);
        model.train();
        var (numerical, categorical) = Inputs();
        long[] offsets = [.. Cards.Select((c, j) => (long)Cards.Take(j).Sum())];
        void Step()
        {
            using var scope = NewDisposeScope();
            var mask = FeatureMasks.Bernoulli(256, 4, 0.15);
            var output = head.call(model.call(numerical, categorical.masked_fill(mask, 0)));
            var loss = nn.functional.mse_loss(output.narrow(1, 0, 50), numerical);
            var cells = MaskedFeatureLoss.CategoricalCellLosses(output.narrow(1, 50, Cards.Sum()), categorical, offsets, Cards);
            var weights = mask.to(ScalarType.Float32);
            loss = loss + ((cells * weights).sum([0]) / weights.sum([0]).clamp_min(1)).sum();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        return Time(Step, steps);
    }

    private static double Contrastive(int steps)
    {
        manual_seed(0);
        using var model = Encoder();
        using var projection = new ProjectionHead(256, 128);
        using var optimizer = optim.Adam(model.parameters().Concat(projection.parameters()), 1e-3);
        model.train();
        var (numerical, categorical) = Inputs();
        var corruption = new ScarfCorruption(0.3);
        void Step()
        {
            using var scope = NewDisposeScope();
            var (n1, c1, _) = corruption.Apply(numerical, categorical);
            var (n2, c2, _) = corruption.Apply(numerical, categorical);
            var z = projection.call(model.call(cat([n1, n2]), cat([c1, c2])));
            var loss = NtXentLoss.Compute(z.narrow(0, 0, 256), z.narrow(0, 256, 256), 0.07);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        return Time(Step, steps);
    }

    private static double LibraryObjective(int steps)
    {
        manual_seed(0);
        var encoder = new TabularResNetOptions { NumericalFeatures = 50, Cardinalities = Cards, Width = 256, Blocks = 6, Dropout = 0.1 };
        using var model = new SelfSupervisedModel(new SelfSupervisedModelOptions { Encoder = encoder });
        var objective = new SelfSupervisedObjective(model);
        using var optimizer = optim.Adam(model.parameters(), 1e-3);
        model.train();
        var (numerical, categorical) = Inputs();
        using var metrics = new ResNetTab.Models.Training.MetricSums();
        void Step()
        {
            using var scope = NewDisposeScope();
            var loss = objective.Masked(numerical, categorical).Loss;
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
