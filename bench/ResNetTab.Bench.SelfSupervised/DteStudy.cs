using ResNetTab.Anomaly;
using ResNetTab.Models.Tabular;
using ResNetTab.Models.Training;
using static TorchSharp.torch;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>
/// Study of diffusion time estimation (DTE-Categorical, Livernoche et al., ICLR 2024) on the TabularResNet backbone: rows are
/// diffused, x_t = √ᾱ_t x + √(1 − ᾱ_t) ε (T = 400 steps, β linear from 1e-4 to 0.01), and a TabularResNet classifier
/// learns which of 7 equal bins of t a diffused row came from (cross-entropy). A clean row's score is the expected bin:
/// rows far from the training distribution look as if they had been diffused longer. Input: standardised raw features.
/// </summary>
internal static class DteStudy
{
    public static int Epochs { get; set; } = 40;

    private const int Steps = 400;
    private const int Bins = 7;
    private const int BatchSize = 128;

    public static (double[] Train, double[] Test) Run(FeatureMatrix train, FeatureMatrix test, int seed, int width, int blocks)
    {
        manual_seed(seed);
        var n = train.Columns;
        using var net = TabularResNetBuilder.Create().WithNumericalColumns(n).WithWidth(width).WithBlocks(blocks).WithDropout(0.1).WithClasses(Bins).Build();
        using var optimizer = new FusedAdamW(net.parameters(), 1e-3, weightDecay: 1e-4);
        var alphaBar = new double[Steps];
        double product = 1;
        for (var t = 0; t < Steps; t++)
        {
            product *= 1 - (1e-4 + ((0.01 - 1e-4) * t / (Steps - 1)));
            alphaBar[t] = product;
        }
        using var x = tensor(train.Values.ToArray(), [train.Rows, n]);
        using var signal = tensor(alphaBar.Select(a => (float)Math.Sqrt(a)).ToArray());
        using var noiseScale = tensor(alphaBar.Select(a => (float)Math.Sqrt(1 - a)).ToArray());
        var rows = train.Rows;
        var random = new Random(seed);
        net.train();
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            var order = Enumerable.Range(0, rows).ToArray();
            random.Shuffle(order);
            for (var start = 0; start + 1 < rows; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                var idx = tensor(order.Skip(start).Take(BatchSize).Select(i => (long)i).ToArray());
                var batch = x.index_select(0, idx);
                var t = randint(0, Steps, [idx.shape[0]], dtype: ScalarType.Int64);
                var noisy = (signal.index_select(0, t).unsqueeze(1) * batch) + (noiseScale.index_select(0, t).unsqueeze(1) * randn_like(batch));
                var target = (t * Bins).div(Steps, RoundingMode.floor);
                var loss = nn.functional.cross_entropy(net.call(noisy, null), target);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }
        net.eval();
        double[] Score(FeatureMatrix data)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var all = tensor(data.Values.ToArray(), [data.Rows, n]);
            var bins = arange(Bins, dtype: ScalarType.Float32);
            var result = new List<double>(data.Rows);
            for (var start = 0; start < data.Rows; start += 1024)
            {
                var part = all.narrow(0, start, Math.Min(1024, data.Rows - start));
                var expected = (nn.functional.softmax(net.call(part, null), 1) * bins).sum(1);
                result.AddRange(expected.data<float>().ToArray().Select(v => (double)v));
            }
            return [.. result];
        }
        return (Score(train), Score(test));
    }
}
