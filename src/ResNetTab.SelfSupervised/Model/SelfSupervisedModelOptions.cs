using ResNetTab.Models.Tabular;

namespace ResNetTab.SelfSupervised;

/// <summary>The architecture of a <see cref="SelfSupervisedModel"/>: the encoder and what is trained beside it.</summary>
public sealed record SelfSupervisedModelOptions
{
    /// <summary>The encoder (columns, width, depth, dropout); it must not have a classifier.</summary>
    public required TabularResNetOptions Encoder { get; init; }

    /// <summary>How masked numerical cells are shown to the encoder. Default <see cref="NumericalMaskMode.LearnedValue"/>.</summary>
    public NumericalMaskMode NumericalMask { get; init; } = NumericalMaskMode.LearnedValue;

    /// <summary>Output width of the contrastive projection head (Linear d → d, ReLU, Linear d → this). Default 64.</summary>
    public int ProjectionDim { get; init; } = 64;

    /// <summary>Checks the options, naming the first problem.</summary>
    /// <exception cref="ArgumentException">The options describe no valid model.</exception>
    public void Validate()
    {
        if (Encoder is null) throw new ArgumentException("SelfSupervisedModelOptions.Encoder must be set.");
        Encoder.Validate();
        if (Encoder.HasClassifier)
            throw new ArgumentException($"The encoder must be an embedding model; it has a classifier with {Encoder.NumClasses} classes (set NumClasses to null).");
        if (!Enum.IsDefined(NumericalMask)) throw new ArgumentException($"Unknown numerical mask mode {NumericalMask}.");
        if (ProjectionDim <= 0) throw new ArgumentException($"ProjectionDim must be positive, got {ProjectionDim}.");
    }
}
