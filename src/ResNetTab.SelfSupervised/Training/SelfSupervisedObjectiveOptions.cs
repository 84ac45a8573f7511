using System.Globalization;
using ResNetTab.SelfSupervised.Masking;

namespace ResNetTab.SelfSupervised;

/// <summary>Settings of the <see cref="SelfSupervisedObjective"/>: the masked-feature and contrastive terms and their weights.</summary>
public sealed record SelfSupervisedObjectiveOptions
{
    /// <summary>Weight of the masked-feature prediction loss (0 switches it off). Default 1.</summary>
    public double MaskedWeight { get; init; } = 1;

    /// <summary>Weight of the contrastive loss (0 switches it off). Default 0.</summary>
    public double ContrastiveWeight { get; init; }

    /// <summary>Probability that a cell is masked. Default 0.15.</summary>
    public double MaskProbability { get; init; } = 0.15;

    /// <summary>
    /// Weight of the reconstruction error of the visible (unmasked) numerical cells, added to the masked term: with
    /// a positive weight the heads also reconstruct what they see (a masked autoencoder), which the reconstruction
    /// scorer's <c>ScoreVisible</c> reads. Default 0 (masked cells only).
    /// </summary>
    public double VisibleWeight { get; init; }

    /// <summary>λ: weight of the numerical MSE term beside the categorical cross-entropy. Default 1.</summary>
    public double NumericalWeight { get; init; } = 1;

    /// <summary>NT-Xent temperature τ. Default 0.07 (the design's); see docs/selfsupervised.md for what the benchmark prefers.</summary>
    public double Temperature { get; init; } = 0.07;

    /// <summary>How the contrastive views are made. Default: 30 % of cells from other rows, no noise, no dropout.</summary>
    public ScarfCorruption Corruption { get; init; } = new();

    /// <summary>Seed of the fixed masks and views of evaluation batches (the same every epoch, so validation losses compare).</summary>
    public int Seed { get; init; }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the exception names it).</exception>
    public void Validate()
    {
        if (!(MaskedWeight >= 0) || double.IsInfinity(MaskedWeight)) throw new ArgumentOutOfRangeException(nameof(MaskedWeight), MaskedWeight, "MaskedWeight must be a non-negative finite number.");
        if (!(ContrastiveWeight >= 0) || double.IsInfinity(ContrastiveWeight)) throw new ArgumentOutOfRangeException(nameof(ContrastiveWeight), ContrastiveWeight, "ContrastiveWeight must be a non-negative finite number.");
        if (MaskedWeight == 0 && ContrastiveWeight == 0) throw new ArgumentOutOfRangeException(nameof(MaskedWeight), "MaskedWeight and ContrastiveWeight are both 0: nothing to train.");
        if (!(MaskProbability > 0 && MaskProbability <= 1)) throw new ArgumentOutOfRangeException(nameof(MaskProbability), MaskProbability, "MaskProbability must lie in (0, 1].");
        if (!(NumericalWeight >= 0) || double.IsInfinity(NumericalWeight)) throw new ArgumentOutOfRangeException(nameof(NumericalWeight), NumericalWeight, "NumericalWeight must be a non-negative finite number.");
        if (!(VisibleWeight >= 0) || double.IsInfinity(VisibleWeight)) throw new ArgumentOutOfRangeException(nameof(VisibleWeight), VisibleWeight, "VisibleWeight must be a non-negative finite number.");
        if (!(Temperature > 0) || double.IsInfinity(Temperature)) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be a positive finite number.");
        ArgumentNullException.ThrowIfNull(Corruption, nameof(Corruption));
        Corruption.Validate();
    }

    /// <summary>A one-line description (part of the trainer's settings that a checkpoint must match).</summary>
    /// <returns>The description.</returns>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"masked {MaskedWeight} (p {MaskProbability}, λ {NumericalWeight}{(VisibleWeight > 0 ? $", visible {VisibleWeight}" : "")}) + contrastive {ContrastiveWeight} (τ {Temperature}, corruption {Corruption.CorruptionRate}, noise {Corruption.NoiseStd}, dropout {Corruption.FeatureDropout}), seed {Seed}");
}
