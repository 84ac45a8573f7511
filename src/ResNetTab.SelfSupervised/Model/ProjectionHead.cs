using ResNetTab.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised;

/// <summary>The contrastive projection head (SimCLR): <c>fc2(relu(fc1(x)))</c>, Linear d → d then d → p. It is dropped for embeddings.</summary>
public sealed class ProjectionHead : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the head with PyTorch's default initialisation.</summary>
    /// <param name="width">Input width d (the embedding's).</param>
    /// <param name="outputDim">Output width p.</param>
    public ProjectionHead(int width, int outputDim) : base(nameof(ProjectionHead))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputDim);
        fc1 = nn.Linear(width, width);
        fc2 = nn.Linear(width, outputDim);
        RegisterComponents();
    }

    /// <summary>The first layer, d → d.</summary>
    [field: ComponentName(Name = nameof(fc1))]
    public Linear fc1 { get; }

    /// <summary>The second layer, d → p.</summary>
    [field: ComponentName(Name = nameof(fc2))]
    public Linear fc2 { get; }

    /// <summary>Projects embeddings.</summary>
    /// <param name="input">[N, d] embeddings.</param>
    /// <returns>[N, p] projections.</returns>
    public override Tensor forward(Tensor input)
    {
        using var hidden = MixedPrecision.Linear(fc1, input);
        return MixedPrecision.Linear(fc2, nn.functional.relu(hidden));
    }
}
