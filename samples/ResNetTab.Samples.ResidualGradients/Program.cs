// The tutorial's demonstrations of why residual connections help:
//  1. gradient magnitudes per layer of a 10-layer plain vs residual Linear network (table + SVG plot);
//  2. parameter counts of basic vs bottleneck blocks, computed from the layers themselves.
// Usage: ResNetTab.Samples.ResidualGradients [--out plot.svg]   (default ./gradient_magnitudes.svg)
using ResNetTab.Engine.StateDicts;
using System.Globalization;
using ResNetTab.Models.Vision;
using ResNetTab.Samples.ResidualGradients;
using static TorchSharp.torch;

if (GradientOptions.Parse(args, out var options) is { } exit) return exit;

const int Depth = 10;
const long Width = 256;
const long Batch = 64;
var svgPath = Path.GetFullPath(options.PlotPath);
var inv = CultureInfo.InvariantCulture;

double[] GradientNorms(bool residual)
{
    manual_seed(42); // the same weights and data for both networks
    using var net = new DeepLinearNetwork(Depth, Width, residual);
    using var scope = NewDisposeScope();
    var x = randn(Batch, Width);
    var target = randn(Batch, Width);
    var loss = (net.call(x) - target).square().mean();
    loss.backward();
    return net.Layers.Select(l =>
    {
        using var g = l.weight.grad!;
        return (double)g.norm().item<float>();
    }).ToArray();
}

var plain = GradientNorms(residual: false);
var residual = GradientNorms(residual: true);

Console.WriteLine($"Gradient magnitude ||dL/dW|| per layer, {Depth} Linear({Width}, {Width}) + ReLU layers, MSE loss, batch {Batch}");
Console.WriteLine();
Console.WriteLine($"{"layer",5}  {"plain",12}  {"residual",12}  {"residual/plain",14}");
for (var i = 0; i < Depth; i++)
    Console.WriteLine(string.Format(inv, "{0,5}  {1,12:E3}  {2,12:E3}  {3,14:F1}", i + 1, plain[i], residual[i], residual[i] / plain[i]));
Console.WriteLine();
Console.WriteLine(string.Format(inv,
    "From the last layer back to the first the gradient shrinks {0:F0}x in the plain network and {1:F1}x in the residual one,",
    plain[^1] / plain[0], residual[^1] / residual[0]));
Console.WriteLine(string.Format(inv,
    "and at the first layer it is {0:E1} times larger with residual connections: the identity paths carry it back to the early layers.",
    residual[0] / plain[0]));

File.WriteAllText(svgPath, SvgPlot.LogLines(
    $"Gradient magnitude per layer ({Depth}-layer Linear network)",
    "layer (1 = nearest the input)",
    "||dL/dW|| (log scale)",
    [("plain", "#d62728", plain), ("residual", "#1f77b4", residual)]));
Console.WriteLine($"Plot written to {svgPath}");
Console.WriteLine();

// ---- parameter counts -----------------------------------------------------------------------
static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

using (var conv3x3 = VisionLayers.Conv3x3(256, 256))
using (var bottleneck = nn.Sequential(VisionLayers.Conv1x1(256, 64), VisionLayers.Conv3x3(64, 64), VisionLayers.Conv1x1(64, 256)))
using (var basicLinear = nn.Sequential(nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 256)))
using (var bottleneckLinear = nn.Sequential(nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 256)))
using (var basicBlock = new BasicBlock(256, 256))
using (var bottleneckBlock = new BottleneckBlock(256, 64))
{
    Console.WriteLine("Parameters at 256 channels");
    Console.WriteLine($"  one 3x3 convolution 256 -> 256                          {N(conv3x3.ParameterCount()),10}");
    Console.WriteLine($"  bottleneck 1x1 256 -> 64, 3x3 64 -> 64, 1x1 64 -> 256    {N(bottleneck.ParameterCount()),10}" +
                      $"  ({(double)conv3x3.ParameterCount() / bottleneck.ParameterCount():F1}x fewer)");
    Console.WriteLine($"  BasicBlock(256, 256) with batch norms                    {N(basicBlock.ParameterCount()),10}");
    Console.WriteLine($"  BottleneckBlock(256 -> 64 -> 256) with batch norms       {N(bottleneckBlock.ParameterCount()),10}");
    Console.WriteLine();
    Console.WriteLine("Parameters of 256-wide Linear blocks (with biases)");
    Console.WriteLine($"  basic: Linear 256 -> 256, Linear 256 -> 256              {N(basicLinear.ParameterCount()),10}  (~{basicLinear.ParameterCount() / 1000}K)");
    Console.WriteLine($"  bottleneck: 256 -> 64 -> 64 -> 256                      {N(bottleneckLinear.ParameterCount()),10}  (~{bottleneckLinear.ParameterCount() / 1000}K)");
}
return 0;
