using System.Globalization;

namespace ResNetTab.SelfSupervised;

/// <summary>
/// A pretraining recipe: architecture, objective and optimisation. <see cref="Default"/> is the one recipe chosen by the
/// quality benchmark (docs/selfsupervised.md) and used unchanged on every data set.
/// </summary>
public sealed record PretrainingOptions
{
    /// <summary>The default recipe.</summary>
    public static PretrainingOptions Default { get; } = new();

    /// <summary>Embedding width d. Default 128 (sized so that the main sample trains in float32 on 2 cores in well under 3 minutes).</summary>
    public int Width { get; init; } = 128;

    /// <summary>Residual blocks. Default 2.</summary>
    public int Blocks { get; init; } = 2;

    /// <summary>Dropout inside the blocks. Default 0.1.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>How masked numerical cells are shown to the encoder. Default <see cref="NumericalMaskMode.LearnedValue"/>.</summary>
    public NumericalMaskMode NumericalMask { get; init; } = NumericalMaskMode.LearnedValue;

    /// <summary>Width of the contrastive projection head. Default 64.</summary>
    public int ProjectionDim { get; init; } = 64;

    /// <summary>
    /// The objective (masked + contrastive weights, mask probability, temperature, corruption). Default: masked feature
    /// prediction (p 0.15) with the visible numerical cells reconstructed too (weight 1) + 1 × NT-Xent (τ 0.07, SCARF
    /// corruption 0.3) — the combination the quality benchmark preferred.
    /// </summary>
    public SelfSupervisedObjectiveOptions Objective { get; init; } = new() { ContrastiveWeight = 1, VisibleWeight = 1 };

    /// <summary>
    /// Epochs to train (early stopping may stop sooner). Default 15. The amount of work, never the clock, decides the
    /// result: the same data, recipe and seed give the same model on any machine.
    /// </summary>
    public int Epochs { get; init; } = 15;

    /// <summary>Rows per mini-batch. Default 256.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>AdamW learning rate. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW weight decay. Default 1e-4.</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Epochs of linear warm-up before the per-step cosine decay. Default 1.</summary>
    public double WarmupEpochs { get; init; } = 1;

    /// <summary>Gradients are clipped to this L2 norm; none when null. Default 1.</summary>
    public double? GradientClipNorm { get; init; } = 1.0;

    /// <summary>Share of the rows held out (unlabelled) for the validation loss that early stopping watches. Default 0.1.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Stop after this many epochs without a better validation loss, and restore the best epoch; none when null. Default 6.</summary>
    public int? EarlyStoppingPatience { get; init; } = 6;

    /// <summary>Seed of the initial weights, the validation split, the shuffles and the masks. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// No new epoch starts after this much time; unlimited when null (the default). An explicit option only: with a
    /// budget the number of epochs, and so the result, depends on the machine's speed.
    /// </summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>A checkpoint is written atomically after every epoch (and resumed from when present); none when null.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// Multiply in bfloat16 during pretraining (<see cref="ResNetTab.Models.Layers.MixedPrecision"/>; parameters, optimizer
    /// state and losses stay float32). 1.3–1.6× faster training measured on a CPU with native bfloat16
    /// (<see cref="ResNetTab.Models.Layers.MixedPrecision.IsAccelerated"/>), slower elsewhere. Default false.
    /// </summary>
    public bool MixedPrecision { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the exception names it).</exception>
    public void Validate()
    {
        if (Width < 4) throw new ArgumentOutOfRangeException(nameof(Width), Width, "Width must be at least 4.");
        if (Blocks < 0) throw new ArgumentOutOfRangeException(nameof(Blocks), Blocks, "Blocks must be non-negative.");
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must lie in [0, 1).");
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be positive.");
        if (BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 2.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be a positive finite number.");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be a non-negative finite number.");
        if (!(WarmupEpochs >= 0) || WarmupEpochs > Epochs) throw new ArgumentOutOfRangeException(nameof(WarmupEpochs), WarmupEpochs, "WarmupEpochs must lie in [0, Epochs].");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1)) throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "ValidationFraction must lie in [0, 1).");
        if (EarlyStoppingPatience is <= 0) throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "EarlyStoppingPatience must be positive.");
        if (ProjectionDim <= 0) throw new ArgumentOutOfRangeException(nameof(ProjectionDim), ProjectionDim, "ProjectionDim must be positive.");
        ArgumentNullException.ThrowIfNull(Objective, nameof(Objective));
        Objective.Validate();
    }

    /// <summary>
    /// Throws unless this recipe's architecture settings (<see cref="Width"/>, <see cref="Blocks"/>, <see cref="Dropout"/>,
    /// <see cref="NumericalMask"/>, <see cref="ProjectionDim"/>) are those <paramref name="model"/> was built with.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <exception cref="ArgumentException">A setting differs; the message names it and both values.</exception>
    public void EnsureArchitectureOf(SelfSupervisedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var e = model.Options.Encoder;
        void Same<T>(string name, T recipe, T built)
        {
            if (!EqualityComparer<T>.Default.Equals(recipe, built))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The recipe's {name} is {recipe} but the model was built with {name} {built}; a model trains only with its own architecture (take the recipe from model.Recipe, changing only training settings)."));
        }
        Same(nameof(Width), Width, e.Width);
        Same(nameof(Blocks), Blocks, e.Blocks);
        Same(nameof(Dropout), Dropout, e.Dropout);
        Same(nameof(NumericalMask), NumericalMask, model.Options.NumericalMask);
        Same(nameof(ProjectionDim), ProjectionDim, model.Options.ProjectionDim);
    }

    /// <summary>A one-line summary of the recipe.</summary>
    /// <returns>The summary.</returns>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"d {Width}, {Blocks} blocks, dropout {Dropout}, {NumericalMask}; {Objective.Describe()}; AdamW lr {LearningRate} wd {WeightDecay}, batch {BatchSize}{(MixedPrecision ? ", bfloat16 products" : "")}, ≤ {Epochs} epochs, warm-up {WarmupEpochs}, patience {EarlyStoppingPatience?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
}
