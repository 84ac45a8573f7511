using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNetTab.Samples.ResidualGradients;

/// <summary>
/// A stack of equally wide Linear + ReLU layers: plain (x ← ReLU(W x + b)) or residual
/// (x ← x + ReLU(W x + b)). Layers use nn.Linear's default initialisation.
/// </summary>
internal sealed class DeepLinearNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers;
    private readonly bool residual;

    public DeepLinearNetwork(int depth, long width, bool residual) : base(nameof(DeepLinearNetwork))
    {
        this.residual = residual;
        layers = nn.ModuleList(Enumerable.Range(0, depth).Select(_ => nn.Linear(width, width)).ToArray());
        RegisterComponents(); // TorchSharp registers the fields (layers.0, layers.1, …) here
    }

    public IReadOnlyList<Linear> Layers => [.. layers];

    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var layer in layers)
        {
            using var z = layer.call(x);
            var next = residual ? x + z.relu() : z.relu();
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = next;
        }
        return x;
    }
}
