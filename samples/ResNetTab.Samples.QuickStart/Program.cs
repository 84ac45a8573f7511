// Quick start: ResNetTab's modules are TorchSharp modules. Builds a ResNet-18 and a TabularResNet, runs
// them, and scores the tabular embeddings with an Isolation Forest.
using ResNetTab.Anomaly;
using ResNetTab.Engine.StateDicts;
using ResNetTab.Models.Tabular;
using ResNetTab.Models.Vision;
using TorchSharp;
using static TorchSharp.torch;

var command = new System.CommandLine.RootCommand("""
    Builds ResNet-18 and a TabularResNet (TorchSharp modules), runs a forward pass of each and scores
    the tabular embeddings with an Isolation Forest. Exit code 0 when every check holds.
    """);
if (ResNetTab.Samples.SampleCommandLine.Parse(command, args, out _) is { } exit) return exit;

manual_seed(42);
Console.WriteLine($"TorchSharp on libtorch {__version__} | threads {get_num_threads()} | CUDA {cuda.is_available()}");
using var scope = NewDisposeScope();

// A ResNet-18 (torchvision names and parameter count) inside the user's own TorchSharp Sequential.
using var resnet = ResNet.ResNet18(num_classes: 10);
using var classifier = nn.Sequential(("backbone", resnet), ("softmax", nn.Softmax(1)));
classifier.eval();
var probabilities = classifier.call(randn(2, 3, 64, 64));
Console.WriteLine($"ResNet-18: {resnet.ParameterCount():N0} parameters, output [{string.Join(", ", probabilities.shape)}]");

// A TabularResNet on 5 numerical and 3 categorical columns; its final_norm output is the embedding.
using var tabular = TabularResNetBuilder.Create().WithNumericalColumns(5).WithCategorical(10, 20, 30)
    .WithWidth(32).WithBlocks(2).Build();
tabular.eval();
var numerical = randn(500, 5);
numerical[..10] += 6;                                               // ten unusual rows
var categorical = stack([randint(3, 10, [500]), randint(3, 20, [500]), randint(3, 30, [500])], 1);
Tensor embeddings;
using (no_grad()) embeddings = tabular.call(numerical, categorical);
Console.WriteLine($"TabularResNet: {tabular.ParameterCount():N0} parameters, embeddings [{string.Join(", ", embeddings.shape)}]");

// Isolation Forest on the embeddings (scikit-learn semantics: higher = more anomalous).
var forest = new IsolationForest(new IsolationForestOptions { Seed = 0 });
forest.Fit(embeddings);
var scores = forest.Score(embeddings);
var unusual = scores.Take(10).Average();
var usual = scores.Skip(10).Average();
Console.WriteLine($"Isolation Forest: mean score {unusual:F3} for the unusual rows, {usual:F3} for the rest");

var ok = probabilities.shape.SequenceEqual(new long[] { 2, 10 }) && resnet.ParameterCount() == 11_181_642
    && embeddings.shape.SequenceEqual(new long[] { 500, 32 }) && unusual > usual;
Console.WriteLine(ok ? "all checks hold" : "a check failed");
return ok ? 0 : 1;
