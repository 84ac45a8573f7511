using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Sequences;

/// <summary>
/// Linear(hidden→h)–ReLU–Linear(h→1)–Sigmoid with the state-dict names of the same <c>nn.Sequential</c> in PyTorch
/// (<c>0.weight</c>, <c>2.weight</c>, …); <see cref="Logit"/> stops before the sigmoid for a stable loss.
/// </summary>
public sealed class NormalityHead : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "0")]
    private readonly Linear first;

    [ComponentName(Name = "2")]
    private readonly Linear second;

    /// <summary>Creates the head with PyTorch's default initialisation.</summary>
    /// <param name="input">Input width (the hidden size).</param>
    /// <param name="hidden">Hidden width.</param>
    public NormalityHead(int input, int hidden) : base(nameof(NormalityHead))
    {
        first = nn.Linear(input, hidden);
        second = nn.Linear(hidden, 1);
        RegisterComponents();
    }

    /// <summary>P(normal) of each row.</summary>
    /// <param name="input">[batch, input].</param>
    /// <returns>[batch, 1] probabilities.</returns>
    public override Tensor forward(Tensor input)
    {
        using var logit = Logit(input);
        return logit.sigmoid();
    }

    /// <summary>The logit of P(normal) of each row.</summary>
    /// <param name="input">[batch, input].</param>
    /// <returns>[batch, 1] logits.</returns>
    public Tensor Logit(Tensor input)
    {
        using var h = first.call(input);
        using var r = nn.functional.relu(h);
        return second.call(r);
    }
}
