// A custom residual block dropped into the ResNet builder: SE-ResNet-18 for CIFAR-sized images.
using ResNetTab.Engine.StateDicts;
using System.Globalization;
using ResNetTab.Models.Vision;
using ResNetTab.Samples.CustomBlock;
using static TorchSharp.torch;

var command = new System.CommandLine.RootCommand("""
    Builds SE-ResNet-18 (a squeeze-and-excitation block subclassing BasicBlock, plugged into the ResNet builder),
    prints its parameter counts and the first block's state-dict names, and runs a forward pass.
    """);
if (ResNetTab.Samples.SampleCommandLine.Parse(command, args, out _) is { } exit) return exit;

manual_seed(0);

using var plain = ResNetBuilder.ResNet18().WithCifarStem().WithClasses(10).Build();

// WithBlock<T>() uses T's (ResidualBlockSpec) constructor ...
using var se = ResNetBuilder.ResNet18().WithBlock<SqueezeExcitationBlock>().WithCifarStem().WithClasses(10).Build();

// ... and WithBlockFactory passes any other constructor arguments.
using var se4 = ResNetBuilder.ResNet18()
    .WithBlockFactory(spec => new SqueezeExcitationBlock(spec, reduction: 4))
    .WithCifarStem()
    .WithClasses(10)
    .Build();

static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

Console.WriteLine("Parameters");
Console.WriteLine($"  ResNet-18 (CIFAR stem, 10 classes)        {N(plain.ParameterCount()),12}");
Console.WriteLine($"  SE-ResNet-18, reduction 16                {N(se.ParameterCount()),12}  (+{N(se.ParameterCount() - plain.ParameterCount())})");
Console.WriteLine($"  SE-ResNet-18, reduction 4                 {N(se4.ParameterCount()),12}  (+{N(se4.ParameterCount() - plain.ParameterCount())})");
Console.WriteLine();

Console.WriteLine("State-dict entries of the first block (torchvision's names first, the subclass's after):");
foreach (var (key, value) in se.OrderedStateDict().Where(kv => kv.Key.StartsWith("layer1.0.", StringComparison.Ordinal)))
    Console.WriteLine($"  {key,-40} [{string.Join(", ", value.shape)}]");
Console.WriteLine();

using (var scope = NewDisposeScope())
{
    se.eval();
    using var noGrad = no_grad();
    var images = randn(8, 3, 32, 32);
    var logits = se.call(images);
    var features = se.forward_features(images);
    Console.WriteLine($"Input  [{string.Join(", ", images.shape)}]");
    Console.WriteLine($"Logits [{string.Join(", ", logits.shape)}]");
    Console.WriteLine($"Embedding (forward_features) [{string.Join(", ", features.shape)}]");
}
return 0;
