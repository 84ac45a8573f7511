// A consumer of the ResNetTab packages: ResNet-18 and TabularResNet forward passes, an Isolation Forest on the
// embeddings, and a subclassed block plugged into the builder. Prints one line per check; exit code 0 when all hold.
using ResNetTab.Anomaly;
using ResNetTab.Engine.StateDicts;
using ResNetTab.Models.Tabular;
using ResNetTab.Models.Vision;
using static TorchSharp.torch;

manual_seed(1);
var failures = 0;
void Check(string what, bool ok)
{
    Console.WriteLine($"{(ok ? "ok" : "FAILED")}: {what}");
    if (!ok) failures++;
}

using var scope = NewDisposeScope();
using var resnet = ResNet.ResNet18(num_classes: 10);
resnet.eval();
using (no_grad())
    Check("ResNet-18 forward [2, 10]", resnet.call(randn(2, 3, 64, 64)).shape.SequenceEqual(new long[] { 2, 10 }));
Check("ResNet-18 has torchvision's 11,181,642 parameters", resnet.ParameterCount() == 11_181_642);

using var tabular = TabularResNetBuilder.Create().WithNumericalColumns(4).WithCategorical(6, 9).WithWidth(32).WithBlocks(2).Build();
tabular.eval();
var numerical = randn(300, 4);
numerical[..6] += 8;
var categorical = stack([randint(3, 6, [300]), randint(3, 9, [300])], 1);
Tensor embeddings;
using (no_grad()) embeddings = tabular.call(numerical, categorical);
Check("TabularResNet embeddings [300, 32]", embeddings.shape.SequenceEqual(new long[] { 300, 32 }));

var forest = new IsolationForest(new IsolationForestOptions { Seed = 0 });
forest.Fit(embeddings);
var scores = forest.Score(embeddings);
Check("Isolation Forest scores every embedding", scores.Length == 300 && scores.All(double.IsFinite));

using var custom = ResNetBuilder.ResNet18().WithBlock<GatedBlock>().WithCifarStem().WithClasses(10).Build();
Check("a subclassed block's parameter is registered", custom.OrderedStateDict().ContainsKey("layer1.0.gate"));
custom.eval();
using (no_grad())
    Check("the subclassed network runs", custom.call(randn(2, 3, 32, 32)).shape.SequenceEqual(new long[] { 2, 10 }));

Console.WriteLine(failures == 0 ? "consumer app: all checks hold" : $"consumer app: {failures} check(s) failed");
return failures == 0 ? 0 : 1;

/// <summary>A basic block with a learnable gate on its residual branch.</summary>
internal sealed class GatedBlock(ResidualBlockSpec spec) : BasicBlock(spec)
{
    private readonly TorchSharp.Modules.Parameter gate = nn.Parameter(ones(1));

    protected override Tensor ResidualBranch(Tensor x)
    {
        using var branch = base.ResidualBranch(x);
        return branch * gate;
    }
}
