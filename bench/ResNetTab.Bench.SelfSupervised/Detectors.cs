using System.Diagnostics;
using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;
using ResNetTab.SelfSupervised;

namespace ResNetTab.Bench.SelfSupervised;

/// <summary>The test and training scores of every detector of the comparison on one split, with what each cost.</summary>
internal sealed record SplitScores(Dictionary<string, double[]> Test, Dictionary<string, double[]> Training, Dictionary<string, double> Seconds);

/// <summary>Every detector of the comparison on one train/test split.</summary>
internal static class Detectors
{
    public static int[] MaskCounts { get; set; } = [.. new ReconstructionScorerOptions().MaskCounts];

    public static bool NormalizeColumns { get; set; } = true;

    public static int MaskRepeats { get; set; } = new ReconstructionScorerOptions().MaskRepeats;

    public static bool ScoreVisible { get; set; } = new ReconstructionScorerOptions().ScoreVisible;

    public static bool McmEnabled { get; set; }

    /// <summary>Further mask counts K scored with the same pretrained model (studies of mask diversity).</summary>
    public static int[] ExtraMaskCounts { get; set; } = [];

    /// <summary>Appended to the names of the detectors that use the pretrained model (recipe variants in one selection).</summary>
    public static string Tag { get; set; } = "";

    /// <summary>Rank ensembles shown in the tables (the selection procedure forms every combination offline from the dumps).</summary>
    public static string[][] Ensembles { get; } =
    [
        ["reconstruction", "raw k-NN"],
        ["pre-norm k-NN", "reconstruction", "raw IF"],
    ];

    public static SplitScores Run(TabularData train, TabularData test, PretrainingOptions recipe, int seed, Action<string>? log = null,
        IReadOnlyList<int>? cardinalities = null, FeatureMatrix? rawTrainMatrix = null, FeatureMatrix? rawTestMatrix = null)
    {
        var scores = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var training = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var rawTrain = Standardized(rawTrainMatrix ?? train.ToFeatureMatrix(), out var mean, out var std);
        var rawTest = Standardize(rawTestMatrix ?? test.ToFeatureMatrix(), mean, std);
        void Add(string name, IAnomalyScorer scorer, FeatureMatrix fit, FeatureMatrix x, double extraSeconds = 0)
        {
            var clock = Stopwatch.StartNew();
            scorer.Fit(fit);
            scores[name] = scorer.Score(x);
            training[name] = [.. scorer.TrainingScores];
            seconds[name] = clock.Elapsed.TotalSeconds + extraSeconds;
        }
        Add("raw IF", new IsolationForest(new IsolationForestOptions { Seed = seed }), rawTrain, rawTest);
        Add("raw k-NN", new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 5 }), rawTrain, rawTest);
        Add("ECOD", new EcodScorer(), rawTrain, rawTest);
        Add("COPOD", new CopodScorer(), rawTrain, rawTest);

        var pretraining = Stopwatch.StartNew();
        using var model = Pretrainer.CreateModel(train.NumericalColumns, cardinalities ?? [], recipe with { Seed = seed });
        using (var pretrainer = new Pretrainer(model, recipe with { Seed = seed }))
        {
            var history = pretrainer.Fit(train);
            log?.Invoke($"pretrained {history.Count} epochs (best {pretrainer.Trainer.BestEpoch}) in {pretraining.Elapsed.TotalSeconds:F1}s; val loss {history[0].ValidationLoss:F4} -> {history.Min(h => h.ValidationLoss ?? h.TrainLoss):F4}");
        }
        var pretrainSeconds = pretraining.Elapsed.TotalSeconds;
        seconds["pretraining"] = pretrainSeconds;
        var extract = Stopwatch.StartNew();
        var preNormTrain = EmbeddingExtractor.Extract(model, train, layer: EmbeddingLayer.BeforeFinalNorm);
        var preNormTest = EmbeddingExtractor.Extract(model, test, layer: EmbeddingLayer.BeforeFinalNorm);
        Add("pre-norm k-NN", new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 5 }), preNormTrain, preNormTest, extract.Elapsed.TotalSeconds);
        using var reconstruction = new ReconstructionScorer(model, new ReconstructionScorerOptions { MaskCounts = MaskCounts, MaskRepeats = MaskRepeats, NormalizeColumns = NormalizeColumns, ScoreVisible = ScoreVisible });
        Add("reconstruction", reconstruction, train.ToFeatureMatrix(), test.ToFeatureMatrix());
        // The library's default detector (DefaultDetector) around the same model: its members fitted again by the library.
        using var defaultDetector = new DefaultDetector(model);
        Add("default", defaultDetector, train.ToFeatureMatrix(), test.ToFeatureMatrix());
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
        foreach (var members in Ensembles)
            scores[Candidates.EnsembleName(members)] = Candidates.RankEnsemble(training, scores, members);
        if (Tag.Length > 0)
            foreach (var name in new[] { "pre-norm k-NN", "reconstruction", "pretraining" })
            {
                if (scores.Remove(name, out var s)) scores[$"{name} {Tag}"] = s;
                if (training.Remove(name, out var t)) training[$"{name} {Tag}"] = t;
                if (seconds.Remove(name, out var c)) seconds[$"{name} {Tag}"] = c;
            }
        return new SplitScores(scores, training, seconds);
    }

    /// <summary>Detectors added to existing dumps (<c>--add dte,knn20</c>): their scores on the same split, nothing else.</summary>
    public static SplitScores Extras(TabularData train, TabularData test, PretrainingOptions recipe, int seed, IEnumerable<string> codes,
        FeatureMatrix? rawTrainMatrix = null, FeatureMatrix? rawTestMatrix = null)
    {
        var scores = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var training = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var rawTrain = Standardized(rawTrainMatrix ?? train.ToFeatureMatrix(), out var mean, out var std);
        var rawTest = Standardize(rawTestMatrix ?? test.ToFeatureMatrix(), mean, std);
        foreach (var code in codes)
        {
            var clock = Stopwatch.StartNew();
            switch (code)
            {
                case "knn20":
                    var knn = new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 20 });
                    knn.Fit(rawTrain);
                    scores["raw k-NN k=20"] = knn.Score(rawTest);
                    training["raw k-NN k=20"] = [.. knn.TrainingScores];
                    seconds["raw k-NN k=20"] = clock.Elapsed.TotalSeconds;
                    break;
                case "dte":
                    var (dteTrain, dteTest) = DteStudy.Run(rawTrain, rawTest, seed, recipe.Width, recipe.Blocks);
                    scores["DTE"] = dteTest;
                    training["DTE"] = dteTrain;
                    seconds["DTE"] = clock.Elapsed.TotalSeconds;
                    break;
                default:
                    throw new ArgumentException($"--add: unknown detector '{code}' (knn20, dte)");
            }
        }
        return new SplitScores(scores, training, seconds);
    }

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
