// End to end: OCSF events → fitted, saved preprocessor → feature tensors → self-supervised pretraining of a
// TabularResNet (a fixed number of epochs) → the library's default detector, fitted on the first half of the events
// with the attacks in it, against raw-feature baselines → evaluation against labels, with the fields behind the top
// scores → artefacts reloaded for inference.
//
//   dotnet run -c Release --project samples/ResNetTab.Samples.OcsfAnomalyDetection
//       [-- --events events.jsonl --labels labels.csv] [--count 20000] [--seed 7] [--out DIR] [--pretrain-seconds S]
//   (--help lists the options; --events takes a file, a folder or a glob)
//
// Without --events, a reproducible synthetic OCSF data set (with labelled injected anomalies) is generated.
using System.Diagnostics;
using System.Globalization;
using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Neighbors;
using ResNetTab.Anomaly.Evaluation;
using ResNetTab.Data;
using ResNetTab.Engine.StateDicts;
using ResNetTab.Models.Training;
using ResNetTab.Pipeline;
using ResNetTab.Samples.OcsfAnomalyDetection;
using ResNetTab.SelfSupervised;
using static TorchSharp.torch;

if (SampleOptions.Parse(args, out var options) is { } exit) return exit;
Directory.CreateDirectory(options.OutputDirectory);
var clock = Stopwatch.StartNew();
void Step(string text) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] {text}");

Console.WriteLine($"ResNetTab end-to-end | libtorch {__version__} | threads {get_num_threads()} | output {options.OutputDirectory}");

// 1. Events and labels.
var (eventsPath, labelsPath) = options.EventsPath is null
    ? SyntheticData.Generate(options.OutputDirectory, options.Count, options.Seed)
    : (options.EventsPath, options.LabelsPath);
var labels = labelsPath is null ? null : AnomalyLabels.Read(labelsPath);
Step($"events: {eventsPath}" + (labels is null ? "" : string.Create(CultureInfo.InvariantCulture, $" ({labels.Count:N0} labelled, {labels.AnomalyRate:P1} anomalies)")));

// 2. Read and flatten (bad records are reported and skipped), fit the preprocessor on the first half.
var summary = new ReadSummary();
var records = RecordReader.ReadFlat(eventsPath, summary: summary).ToList();
Step($"read {records.Count:N0} records; {summary.BadRecordCount} bad records skipped");
var trainCount = records.Count / 2;
var preprocessor = new TabularPreprocessor(new FeaturePlanOptions
{
    EntityKeys = ["actor.user.name", "src_endpoint.ip"],
}).Fit(records.Take(trainCount));
var preprocessorPath = Path.Combine(options.OutputDirectory, "preprocessor.json");
preprocessor.Save(preprocessorPath);
var plan = preprocessor.Plan;
Step($"feature plan: {plan.Selected.Count()} of {plan.Fields.Count} fields chosen -> preprocessor saved to {preprocessorPath}");
foreach (var line in plan.ToReport().Split('\n').Take(12)) Console.WriteLine("    " + line);

var train = preprocessor.Transform(records.Take(trainCount).ToList());
var test = preprocessor.Transform(records.Skip(trainCount).ToList());
Step($"features: {train.NumericalColumns} numerical + {train.CategoricalColumns} categorical columns; train {train.Rows:N0} rows, test {test.Rows:N0} rows");

// 3. Self-supervised pretraining of a TabularResNet sized from the fitted preprocessor (the default recipe: masked
//    feature prediction + contrastive, AdamW with warm-up and cosine decay, a fixed number of epochs with early
//    stopping on a held-out 10 %), in float32: the same seed gives the same numbers on any machine. A time budget is
//    only used when asked for (--pretrain-seconds); then the result depends on the machine's speed.
var recipe = PretrainingOptions.Default with
{
    Seed = options.Seed,
    TimeBudget = options.PretrainSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
};
using var model = Pretrainer.CreateModel(train.ToFeatureLayout(), recipe);
Step($"pretraining a TabularResNet ({model.encoder.ParameterCount():N0} encoder parameters, {model.ParameterCount():N0} with the heads): {recipe.Describe()}");
using (var pretrainer = new Pretrainer(model, recipe))
{
    var history = pretrainer.Fit(train, new TextTrainingProgress(Console.Out));
    Step($"pretrained {history.Count} epochs; best epoch {pretrainer.Trainer.BestEpoch + 1} (validation loss {history.Min(h => h.ValidationLoss ?? h.TrainLoss):F4}, first epoch {history[0].ValidationLoss:F4})");
}

// 4. Scorers. The library's default detector (DefaultDetector: the rank average of the members the quality benchmark's
//    leave-one-set-out selection chose, the pretrained model's reconstruction among them) against the raw baselines,
//    which see the numerical columns plus each categorical value's rarity (a saved transform).
//    The training half holds the anomalies at their natural rate: nothing is cleaned first.
var rarity = new CategoryRarity();
rarity.Fit(train);
rarity.Save(Path.Combine(options.OutputDirectory, "category_rarity.json"));
var rawTrain = rarity.Transform(train);
var rawTest = rarity.Transform(test);
var embeddingTest = EmbeddingExtractor.Extract(model, test);
Step($"embeddings (for similarity search and downstream models): test [{embeddingTest.Rows:N0}, {embeddingTest.Columns}]");

var scores = new Dictionary<string, double[]>();
var baselines = new List<(string Name, IAnomalyScorer Scorer)>
{
    ("IsolationForest (raw + rarity)", new IsolationForest(new IsolationForestOptions { Seed = options.Seed })),
    ("k-NN (raw + rarity)", new KNearestNeighborsScorer(new KNearestNeighborsOptions { NNeighbors = 5 })),
};
foreach (var (name, scorer) in baselines)
{
    scorer.Fit(rawTrain);
    scores[name] = scorer.Score(rawTest);
}
using var detector = new DefaultDetector(model);
detector.Fit(train);
const string Default = "DefaultDetector";
scores[Default] = detector.Score(test);
Step($"fitted the baselines and the default detector ({string.Join(" + ", DefaultDetector.MemberNames)})");

// 5. Evaluation against the labels of the test half, and the fields behind the top scores.
var contributions = detector.Reconstruction.Contributions(test.ToFeatureMatrix());
if (labels is not null)
{
    var truth = labels.Slice(trainCount, test.Rows);
    Console.WriteLine();
    Console.WriteLine("| scorer | ROC-AUC | average precision | precision@k (k = #anomalies) |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var (name, s) in scores)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {AnomalyMetrics.RocAuc(truth.IsAnomaly, s):F3} | {AnomalyMetrics.AveragePrecision(truth.IsAnomaly, s):F3} | {AnomalyMetrics.PrecisionAtK(truth.IsAnomaly, s):F3} |"));
    }
}
Console.WriteLine();
Console.WriteLine($"Top 8 test events by the {Default} score, with the fields the pretrained model could not predict from the others:");
foreach (var (v, i) in scores[Default].Select((v, i) => (v, i)).OrderByDescending(t => t.v).Take(8))
{
    var location = test.Locations?[i]?.ToString() ?? $"row {trainCount + i}";
    var kind = labels is null ? "" : "  label: " + (labels.IsAnomaly[trainCount + i] == 1 ? labels.Kinds[trainCount + i] : "normal");
    var fields = string.Join(", ", detector.Reconstruction.TopColumns(contributions, i, 3).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Column} {t.Contribution:F1}")));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    score {v,6:F3}  {location}{kind}"));
    Console.WriteLine($"        top fields: {fields}");
}
Console.WriteLine();

// 6. Artefacts: reload the preprocessor and the default detector (model included), as an inference process would.
var detectorPath = Path.Combine(options.OutputDirectory, "default_detector.json");
ScorerPersistence.Save(detector, detectorPath);
var reloadedPreprocessor = TabularPreprocessor.Load(preprocessorPath);
reloadedPreprocessor.EnsureCompatible(preprocessor.Fingerprint);
using var reloaded = ScorerPersistence.Load<DefaultDetector>(detectorPath);
var again = reloadedPreprocessor.Transform(records.Skip(trainCount).ToList());
var identical = reloaded.Score(again).SequenceEqual(scores[Default]);
Step($"reloaded preprocessor and default detector from disk: scores {(identical ? "identical" : "DIFFERENT")}");
return identical ? 0 : 1;
