// Self-supervised pretraining benchmarks (not timed tests).
//   quality: a protocol (one-class: clean normal training rows; contaminated: ADBench's unsupervised setting, anomalies in
//            the training rows at their natural rate) on ADBench sets (../shared/data/adbench, read in place; --sets all =
//            every set in the folder) and on generated OCSF events, comparing raw Isolation Forest and k-NN (k = 5), ECOD,
//            COPOD, k-NN on the encoder before its final LayerNorm, the reconstruction scorer and rank ensembles; --dump
//            writes every split's scores for the selection.
//   select:  leave-one-set-out selection of the default detector from the dumped scores (docs/selfsupervised.md).
//   speed:   masked-feature and contrastive training records/s of TabularResNet (d = 256, 6 blocks) against bench/python/ssl_torch.py.
// Usage: dotnet run -c Release --project bench/ResNetTab.Bench.SelfSupervised -- quality [--protocol one-class|contaminated]
//            [--sets a,b|all] [--seeds 3] [--first-seed 0] [--ocsf 20000] [--data DIR] [--max-train N] [--max-test N] [--dump DIR] [--add dte,knn20 (adds detectors to existing dumps)] [--tag T (suffix of the pretrained detectors' names)]
//            [--epochs N] [--width N] [--blocks N] [--masked W] [--contrastive W] [--temperature T] [--mask-mode LearnedValue|ZeroWithIndicator]
//            [--mask-counts 8,4,2] [--visible W] [--score-visible|--score-masked-only] [--extra-mask-counts 2,4] [--mcm]
//        dotnet run -c Release --project bench/ResNetTab.Bench.SelfSupervised -- select --dump DIR[,DIR2] [--candidates a,b] [--max-members 3] [--criterion mean|worst|rank]
//        dotnet run -c Release --project bench/ResNetTab.Bench.SelfSupervised -- speed [--threads 2]
//        dotnet run -c Release --project bench/ResNetTab.Bench.SelfSupervised -- sequence-speed [--threads 2] [--steps 20]   (vs bench/python/sequence_torch.py)
//        dotnet run -c Release --project bench/ResNetTab.Bench.SelfSupervised -- sequences [--events 20000] [--seeds 1] [--epochs 6] [--seq-epochs 15] [--per-day 50000] [--length 16] [--stride 4]
//        dotnet run -c Release --project bench/ResNetTab.Bench.SelfSupervised -- sequences [--events 30000] [--seeds 1] [--epochs 8]
using System.Globalization;
using ResNetTab.Bench.SelfSupervised;
using ResNetTab.SelfSupervised;

string? Value(string name) => Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
double Number(string name, double fallback) => Value(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

var mode = args.Length > 0 ? args[0] : "quality";
if (Value("--threads") is { } threads) TorchSharp.torch.set_num_threads(int.Parse(threads, CultureInfo.InvariantCulture));
if (mode == "sequence-speed")
{
    SequenceSpeed.Run(steps: (int)Number("--steps", 20));
    return 0;
}
if (mode == "sequences")
{
    var r = new ResNetTab.SelfSupervised.Sequences.SequenceTrainingOptions();
    Sequences.Recipe = r with
    {
        LearningRate = Number("--lr", r.LearningRate),
        GradientClipNorm = Value("--clip") is { } clip ? (clip == "none" ? null : double.Parse(clip, CultureInfo.InvariantCulture)) : r.GradientClipNorm,
        Objective = r.Objective with { NextStepWeight = Number("--next-weight", r.Objective.NextStepWeight), NormalityWeight = Number("--normality-weight", r.Objective.NormalityWeight) },
    };
    Sequences.Run((int)Number("--events", 20000), (int)Number("--seeds", 1), (int)Number("--epochs", 6), (int)Number("--seq-epochs", 15),
        (int)Number("--per-day", 50000), (int)Number("--length", 16), (int)Number("--stride", 4));
    return 0;
}
if (mode == "speed")
{
    Speed.Run(steps: (int)Number("--steps", 30));
    return 0;
}
if (mode == "select")
{
    var folders = (Value("--dump") ?? throw new ArgumentException("select needs --dump DIR[,DIR2] (folders written by quality --dump)")).Split(',');
    Selection.Run(SplitRecord.ReadAll(folders), Value("--candidates")?.Split(','), (int)Number("--max-members", 3), Value("--criterion") ?? "mean", Console.Out);
    return 0;
}

var d = PretrainingOptions.Default;
var recipe = d with
{
    Epochs = (int)Number("--epochs", d.Epochs),
    Width = (int)Number("--width", d.Width),
    Blocks = (int)Number("--blocks", d.Blocks),
    LearningRate = Number("--lr", d.LearningRate),
    Dropout = Number("--dropout", d.Dropout),
    NumericalMask = Value("--mask-mode") is { } m ? Enum.Parse<NumericalMaskMode>(m) : d.NumericalMask,
    Objective = d.Objective with
    {
        MaskedWeight = Number("--masked", d.Objective.MaskedWeight),
        ContrastiveWeight = Number("--contrastive", d.Objective.ContrastiveWeight),
        Temperature = Number("--temperature", d.Objective.Temperature),
        MaskProbability = Number("--mask-p", d.Objective.MaskProbability),
        VisibleWeight = Number("--visible", d.Objective.VisibleWeight),
    },
};
var seeds = (int)Number("--seeds", 3);
var firstSeed = (int)Number("--first-seed", 0);
Detectors.MaskCounts = Value("--mask-counts")?.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() ?? Detectors.MaskCounts;
Detectors.NormalizeColumns = !args.Contains("--no-normalize");
Detectors.MaskRepeats = (int)Number("--mask-repeats", Detectors.MaskRepeats);
if (args.Contains("--score-visible")) Detectors.ScoreVisible = true;
if (args.Contains("--score-masked-only")) Detectors.ScoreVisible = false;
Detectors.McmEnabled = args.Contains("--mcm");
McmStudy.Masks = (int)Number("--mcm-masks", McmStudy.Masks);
McmStudy.DiversityWeight = Number("--mcm-diversity", McmStudy.DiversityWeight);
McmStudy.Epochs = (int)Number("--mcm-epochs", McmStudy.Epochs);
Detectors.ExtraMaskCounts = Value("--extra-mask-counts")?.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() ?? [];
var folder = Value("--data") ?? Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/data/adbench"));
var sets = Value("--sets") is { } named ? (named == "all" ? AdBench.Pool(folder) : named.Split(',')) : AdBench.FirstSets;
var ocsf = (int)Number("--ocsf", 20000);
var protocol = Protocols.Parse(Value("--protocol") ?? "one-class");
int? maxTrain = Value("--max-train") is { } mt ? int.Parse(mt, CultureInfo.InvariantCulture) : null;
int? maxTest = Value("--max-test") is { } ms ? int.Parse(ms, CultureInfo.InvariantCulture) : null;
var dump = Value("--dump");
Detectors.Tag = Value("--tag") ?? "";
Console.WriteLine($"recipe: {recipe.Describe()}; protocol {protocol.Name()}; seeds {seeds}; rows ≤ {maxTrain?.ToString(CultureInfo.InvariantCulture) ?? "all"} train, ≤ {maxTest?.ToString(CultureInfo.InvariantCulture) ?? "all"} test; threads {TorchSharp.torch.get_num_threads()}");
var table = new QualityTable();
if (sets.Length > 0 && sets[0] != "none")
    foreach (var set in sets)
        for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var (train, test, labels) = AdBench.Split(folder, set, seed, protocol, maxTrain, maxTest);
            if (Value("--add") is { } add)
            {
                var extra = Detectors.Extras(train, test, recipe, seed, add.Split(','));
                SplitRecord.Merge(dump ?? throw new ArgumentException("--add needs --dump DIR"), "adbench", set, protocol.Name(), seed, extra);
                Console.WriteLine($"  {set} seed {seed}: added " + string.Join(", ", extra.Seconds.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F1}s"))));
                table.Add(set, labels, extra.Test);
                continue;
            }
            var result = Detectors.Run(train, test, recipe, seed, s => Console.WriteLine($"  {set} seed {seed}: {s}"));
            if (dump is not null) new SplitRecord("adbench", set, protocol.Name(), seed, labels, null, result.Test, result.Training, result.Seconds).Write(dump);
            Console.WriteLine($"  {set} seed {seed}: train {train.Rows}, test {test.Rows} ({labels.Sum()} anomalies); seconds " + string.Join(", ", result.Seconds.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F1}"))));
            table.Add(set, labels, result.Test);
        }
table.Print($"ADBench ({protocol.Name()} protocol)", Console.Out);
if (ocsf > 0) OcsfQuality.Run(ocsf, seeds, recipe, protocol, dump, Value("--add")?.Split(','));
return 0;
