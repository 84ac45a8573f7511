using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;
using ResNetTab.SelfSupervised;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>Every detector of the comparison on one train/test split: test scores by detector name.</summary>
internal static class Detectors
{
    public static int[] MaskCounts { get; set; } = [.. new ReconstructionScorerOptions().MaskCounts];

    public static bool NormalizeColumns { get; set; } = true;

    public static int MaskRepeats { get; set; } = new ReconstructionScorerOptions().MaskRepeats;

    public static bool ScoreVisible { get; set; } = new ReconstructionScorerOptions().ScoreVisible;

    public static bool McmEnabled { get; set; }

    /// <summary>Further mask counts K scored with the same pretrained model (studies of mask diversity).</summary>
    public static int[] ExtraMaskCounts { get; set; } = [];

    /// <summary>When set, every split's test and training scores are written there as JSON (for offline ensemble studies).</summary>
    public static string? DumpFolder { get; set; }

    public static Dictionary<string, double[]> Run(TabularData train, TabularData test, PretrainingOptions recipe, int seed, Action<string>? log = null,
        IReadOnlyList<int>? cardinalities = null, FeatureMatrix? rawTrainMatrix = null, FeatureMatrix? rawTestMatrix = null, string? name = null, int[]? labels = null)
    {
        var scores = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var training = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var rawTrain = Standardized(rawTrainMatrix ?? train.ToFeatureMatrix(), out var mean, out var std);
        var rawTest = Standardize(rawTestMatrix ?? test.ToFeatureMatrix(), mean, std);
        void Add(string name, IAnomalyScorer scorer, FeatureMatrix fit, FeatureMatrix x)
        {
            scorer.Fit(fit);
            scores[name] = scorer.Score(x);
            training[name] = [.. scorer.TrainingScores];
        }
        Add("raw IF", new IsolationForest(new IsolationForestOptions { Seed = seed }), rawTrain, rawTest);
        Add("raw k-NN", new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 5 }), rawTrain, rawTest);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var model = Pretrainer.CreateModel(train.NumericalColumns, cardinalities ?? [], recipe with { Seed = seed });
        using (var pretrainer = new Pretrainer(model, recipe with { Seed = seed }))
        {
            var history = pretrainer.Fit(train);
            log?.Invoke($"pretrained {history.Count} epochs (best {pretrainer.Trainer.BestEpoch}) in {clock.Elapsed.TotalSeconds:F1}s; val loss {history[0].ValidationLoss:F4} -> {history.Min(h => h.ValidationLoss ?? h.TrainLoss):F4}");
        }
        var embTrain = EmbeddingExtractor.Extract(model, train);
        var embTest = EmbeddingExtractor.Extract(model, test);
        Add("emb IF", new IsolationForest(new IsolationForestOptions { Seed = seed }), embTrain, embTest);
        Add("emb k-NN", new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 5 }), embTrain, embTest);
        var preNormTrain = EmbeddingExtractor.Extract(model, train, layer: EmbeddingLayer.BeforeFinalNorm);
        var preNormTest = EmbeddingExtractor.Extract(model, test, layer: EmbeddingLayer.BeforeFinalNorm);
        Add("pre-norm k-NN", new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 5 }), preNormTrain, preNormTest);
        using var reconstruction = new ReconstructionScorer(model, new ReconstructionScorerOptions { MaskCounts = MaskCounts, MaskRepeats = MaskRepeats, NormalizeColumns = NormalizeColumns, ScoreVisible = ScoreVisible });
        Add("reconstruction", reconstruction, train.ToFeatureMatrix(), test.ToFeatureMatrix());
        foreach (var k in ExtraMaskCounts)
        {
            using var extra = new ReconstructionScorer(model, new ReconstructionScorerOptions { MaskCounts = [k], MaskRepeats = MaskRepeats, NormalizeColumns = NormalizeColumns, ScoreVisible = ScoreVisible });
            Add($"reconstruction K={k}", extra, train.ToFeatureMatrix(), test.ToFeatureMatrix());
        }
        if (McmEnabled)
        {
            var (mcmTrain, mcmTest) = McmStudy.Run(train, test, seed, recipe.Width, recipe.Blocks);
            scores["mcm"] = mcmTest;
            training["mcm"] = mcmTrain;
        }
        scores["ensemble (recon + raw k-NN)"] = RankEnsemble(scores, training, ["reconstruction", "raw k-NN"]);
        scores["ensemble (recon + raw k-NN + raw IF)"] = RankEnsemble(scores, training, ["reconstruction", "raw k-NN", "raw IF"]);
        scores["ensemble (pre-norm k-NN + recon)"] = RankEnsemble(scores, training, ["pre-norm k-NN", "reconstruction"]);
        scores["ensemble (pre-norm k-NN + recon + raw IF)"] = RankEnsemble(scores, training, ["pre-norm k-NN", "reconstruction", "raw IF"]);
        scores["ensemble (all six)"] = RankEnsemble(scores, training, ["raw IF", "raw k-NN", "emb IF", "emb k-NN", "pre-norm k-NN", "reconstruction"]);
        if (DumpFolder is not null && name is not null)
        {
            Directory.CreateDirectory(DumpFolder);
            var cellsTrain = CellErrors.Compute(model, train, MaskCounts[0], repeats: MaskRepeats, includeVisible: ScoreVisible);
            var cellsTest = CellErrors.Compute(model, test, MaskCounts[0], repeats: MaskRepeats, includeVisible: ScoreVisible);
            File.WriteAllText(Path.Combine(DumpFolder, $"{name}.json"), System.Text.Json.JsonSerializer.Serialize(new
            {
                labels, scores, training, columns = train.NumericalColumns + train.CategoricalColumns, cellsTrain, cellsTest,
            }));
        }
        return scores;
    }

    private static double[] RankEnsemble(Dictionary<string, double[]> scores, Dictionary<string, double[]> training, string[] members) =>
        RankAverage.Combine([.. members.Select(m => ((IReadOnlyList<double>)training[m], (IReadOnlyList<double>)scores[m]))]);

    public static FeatureMatrix Standardized(FeatureMatrix x, out double[] mean, out double[] std)
    {
        mean = new double[x.Columns];
        std = new double[x.Columns];
        for (var r = 0; r < x.Rows; r++) for (var c = 0; c < x.Columns; c++) mean[c] += x[r, c];
        for (var c = 0; c < x.Columns; c++) mean[c] /= Math.Max(x.Rows, 1);
        for (var r = 0; r < x.Rows; r++) for (var c = 0; c < x.Columns; c++) std[c] += Math.Pow(x[r, c] - mean[c], 2);
        for (var c = 0; c < x.Columns; c++) std[c] = Math.Sqrt(std[c] / Math.Max(x.Rows, 1)) is var s && s > 1e-12 ? s : 1;
        return Standardize(x, mean, std);
    }

    public static FeatureMatrix Standardize(FeatureMatrix x, double[] mean, double[] std)
    {
        var values = new float[x.Rows * x.Columns];
        for (var r = 0; r < x.Rows; r++) for (var c = 0; c < x.Columns; c++) values[(r * x.Columns) + c] = (float)((x[r, c] - mean[c]) / std[c]);
        return FeatureMatrix.Wrap(values, x.Columns);
    }
}
