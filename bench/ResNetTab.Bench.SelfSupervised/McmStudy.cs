using ResNetTab.Models.Tabular;
using ResNetTab.Models.Training;
using ResNetTab.SelfSupervised;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>
/// Study of MCM-style learned masks (numerical columns only): K mask generators (Linear n → n, sigmoid) make soft masks
/// from the row; the encoder sees m ⊙ x + (1 − m) ⊙ mask_value and a head reconstructs every cell; loss = mean over masks
/// of the squared error + λ · diversity (log-sum-exp of the masks' pairwise cosine similarities / τ). Score = mean over the
/// K masks of the row's reconstruction error.
/// </summary>
internal static class McmStudy
{
    public static int Masks { get; set; } = 15;

    public static double DiversityWeight { get; set; } = 20;

    public static int Epochs { get; set; } = 40;

    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        public Net(int n, int width, int blocks, int masks) : base(nameof(Net))
        {
            encoder = TabularResNetBuilder.Create().WithNumericalColumns(n).WithWidth(width).WithBlocks(blocks).WithDropout(0.1).Build();
            head = nn.Linear(width, n);
            generator = nn.Linear(n, n * masks);
            mask_value = nn.Parameter(zeros(n));
            this.masks = masks;
            this.n = n;
            RegisterComponents();
        }

        public TabularResNet encoder;
        public Linear head;
        public Linear generator;
        public Parameter mask_value;
        private readonly int masks;
        private readonly int n;

        /// <summary>Masks [B, K, n] in (0, 1).</summary>
        public Tensor Masks(Tensor x) => sigmoid(generator.call(x).view(-1, masks, n));

        /// <summary>Reconstructions [B, K, n] under the K masks, and the masks.</summary>
        public (Tensor Reconstruction, Tensor Masks) Reconstruct(Tensor x)
        {
            var m = Masks(x);
            var rows = x.shape[0];
            var input = (m * x.unsqueeze(1)) + ((1 - m) * mask_value);
            var flat = input.reshape(rows * masks, n);
            var output = head.call(encoder.call(flat, null)).view(rows, masks, n);
            return (output, m);
        }

        public override Tensor forward(Tensor x) => Reconstruct(x).Reconstruction;
    }

    private static Tensor Errors(Net net, Tensor x)
    {
        var (reconstruction, _) = net.Reconstruct(x);
        return (reconstruction - x.unsqueeze(1)).square().mean([1]); // [B, n]: mean over masks
    }

    public static (double[] Train, double[] Test) Run(TabularData train, TabularData test, int seed, int width, int blocks)
    {
        manual_seed(seed);
        var n = train.NumericalColumns;
        using var net = new Net(n, width, blocks, Masks);
        using var optimizer = new FusedAdamW(net.parameters(), 1e-3, weightDecay: 1e-4);
        var x = tensor(train.Numerical, [train.Rows, n]);
        var rows = train.Rows;
        var generator = new Random(seed);
        net.train();
        var batches = Math.Max(1, rows / 256);
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            var order = Enumerable.Range(0, rows).ToArray();
            generator.Shuffle(order);
            for (var b = 0; b < batches; b++)
            {
                using var scope = NewDisposeScope();
                var idx = tensor(order.Skip(b * 256).Take(Math.Min(256, rows - (b * 256))).Select(i => (long)i).ToArray());
                if (idx.shape[0] < 2) continue;
                var batch = x.index_select(0, idx);
                var (reconstruction, m) = net.Reconstruct(batch);
                var rec = (reconstruction - batch.unsqueeze(1)).square().mean();
                var normalized = nn.functional.normalize(m, p: 2, dim: 2);
                var similarity = normalized.bmm(normalized.transpose(1, 2)) / 0.1; // [B, K, K]
                var eye = torch.eye(Masks, dtype: ScalarType.Bool).unsqueeze(0);
                var diversity = similarity.masked_fill(eye, double.NegativeInfinity).logsumexp(2).mean();
                var loss = rec + (diversity * DiversityWeight / Masks);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }
        net.eval();
        double[] Score(TabularData data)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var all = tensor(data.Numerical, [data.Rows, n]);
            var result = new List<double>();
            for (var start = 0; start < data.Rows; start += 1024)
            {
                var part = all.narrow(0, start, Math.Min(1024, data.Rows - start));
                result.AddRange(Errors(net, part).sum([1]).data<float>().ToArray().Select(v => (double)v));
            }
            return [.. result];
        }
        return (Score(train), Score(test));
    }
}
