// End to end: OCSF events → fitted, saved preprocessor → feature tensors → TabularResNet embeddings and
// anomaly scorers → evaluation against labels → artefacts reloaded for inference.
//
//   dotnet run -c Release --project samples/ResNetTab.Samples.OcsfAnomalyDetection
//       [-- --events events.jsonl --labels labels.csv] [--count 20000] [--seed 7] [--out DIR]
//
// Without --events, a reproducible synthetic OCSF data set (with labelled injected anomalies) is generated.
using ResNetTab.Engine.StateDicts;
using System.Diagnostics;
using System.Globalization;
using ResNetTab.Anomaly;
using ResNetTab.Anomaly.Evaluation;
using ResNetTab.Anomaly.Neighbors;
using ResNetTab.Data;
using ResNetTab.Data.Features;
using ResNetTab.Data.Preprocessing;
using ResNetTab.Data.Readers;
using ResNetTab.Models.Tabular;
using ResNetTab.Pipeline;
using ResNetTab.Samples.OcsfAnomalyDetection;
using static TorchSharp.torch;

var options = SampleOptions.Parse(args);
Directory.CreateDirectory(options.OutputDirectory);
var clock = Stopwatch.StartNew();
void Step(string text) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] {text}");

Console.WriteLine($"ResNetTab end-to-end | libtorch {__version__} | threads {get_num_threads()} | output {options.OutputDirectory}");

// 1. Events and labels.
var (eventsPath, labelsPath) = options.EventsPath is null
    ? SyntheticData.Generate(options.OutputDirectory, options.Count, options.Seed)
    : (options.EventsPath, options.LabelsPath);
var labels = labelsPath is null ? null : Labels.Read(labelsPath);
Step($"events: {eventsPath}" + (labels is null ? "" : $" ({labels.Count:N0} labelled, {labels.Rate} anomalies)"));

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
Step($"features: {train.NumericalCount} numerical + {train.CategoricalCount} categorical columns; train {train.RowCount:N0} rows, test {test.RowCount:N0} rows");

// 3. Tensors and a TabularResNet embedding model built from the fitted preprocessor.
using (var scope = NewDisposeScope())
{
    var (numerical, categorical) = train.ToTensors(CPU);
    using var model = TabularResNet.FromFeaturePlan(train, new TabularResNetOptions { Width = 64, Blocks = 2 });
    model.eval();
    using var noGrad = no_grad();
    var embedding = model.call(numerical, categorical);
    Step($"TabularResNet ({model.ParameterCount():N0} parameters) maps the batch to embeddings of shape [{string.Join(", ", embedding.shape)}]");
}

// 4. Anomaly scorers on the features: Isolation Forest, LOF (novelty, exact k-NN on libtorch), ensemble.
var rarity = RarityFeatures.Fit(train);
var xTrain = FeatureMatrix.Wrap(rarity.Transform(train, out var columns), columns);
var xTest = FeatureMatrix.Wrap(rarity.Transform(test, out _), columns);
var forest = new IsolationForest(new IsolationForestOptions { RandomState = options.Seed });
var lof = new LocalOutlierFactor(new LocalOutlierFactorOptions { NNeighbors = 20, Novelty = true, NeighborSearch = NeighborSearchFactory.Tensor() });
var ensemble = new ScoreEnsemble([forest, lof]);
ensemble.Fit(xTrain);
Step($"fitted Isolation Forest (100 trees), LOF (k=20, novelty) and their rank ensemble on {xTrain.Rows:N0} × {xTrain.Columns}");

var scores = new Dictionary<string, double[]>
{
    ["IsolationForest"] = forest.Score(xTest),
    ["LocalOutlierFactor"] = lof.Score(xTest),
    ["Ensemble"] = ensemble.Score(xTest),
};

// 5. Evaluation against the labels of the test half.
if (labels is not null)
{
    var truth = labels.Slice(trainCount, test.RowCount);
    Console.WriteLine();
    Console.WriteLine("| scorer | ROC-AUC | average precision | precision@k (k = #anomalies) |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var (name, s) in scores)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {AnomalyMetrics.RocAuc(truth.IsAnomaly, s):F3} | {AnomalyMetrics.AveragePrecision(truth.IsAnomaly, s):F3} | {AnomalyMetrics.PrecisionAtK(truth.IsAnomaly, s):F3} |"));
    }
    Console.WriteLine();
    var best = scores.MaxBy(kv => AnomalyMetrics.AveragePrecision(truth.IsAnomaly, kv.Value)).Key;
    Console.WriteLine($"Top 8 test events by {best} score:");
    var ranked = scores[best].Select((v, i) => (v, i)).OrderByDescending(t => t.v).Take(8);
    foreach (var (v, i) in ranked)
    {
        var location = test.Locations[i]?.ToString() ?? $"row {trainCount + i}";
        var kind = truth.IsAnomaly[i] == 1 ? truth.Kind[i] : "normal";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    score {v:F4}  {location}  label: {kind}"));
    }
    Console.WriteLine();
}

// 6. Artefacts: reload preprocessor and scorer, as an inference process would, and check they agree.
var forestPath = Path.Combine(options.OutputDirectory, "isolation_forest.json");
ScorerPersistence.Save(forest, forestPath);
var reloadedPreprocessor = TabularPreprocessor.Load(preprocessorPath);
reloadedPreprocessor.EnsureCompatible(preprocessor.Fingerprint);
var reloadedForest = ScorerPersistence.Load<IsolationForest>(forestPath);
var again = reloadedPreprocessor.Transform(records.Skip(trainCount).ToList());
var againScores = reloadedForest.Score(FeatureMatrix.Wrap(rarity.Transform(again, out _), columns));
var identical = againScores.SequenceEqual(scores["IsolationForest"]);
Step($"reloaded preprocessor and Isolation Forest from disk: scores {(identical ? "identical" : "DIFFERENT")}");
return identical ? 0 : 1;
