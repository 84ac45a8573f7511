using System.Globalization;

namespace ResNetTab.Models.Training;

/// <summary>
/// Cosine decay from the base rate to <see cref="MinLearningRate"/> over <see cref="Epochs"/>, after an
/// optional linear warm-up. Per epoch (<see cref="PerStep"/> false) it equals PyTorch's
/// <c>CosineAnnealingLR(T_max=Epochs, eta_min)</c> stepped once per epoch; per step it decays smoothly
/// within epochs, as self-supervised recipes do.
/// </summary>
/// <param name="Epochs">Length of the schedule (the run's epochs).</param>
/// <param name="MinLearningRate">Rate at the end of the decay.</param>
/// <param name="WarmupEpochs">Epochs of linear warm-up from base/warm-up-steps to the base rate (may be fractional).</param>
/// <param name="PerStep">Whether the rate changes every step rather than once per epoch.</param>
public sealed record CosineSchedule(int Epochs, double MinLearningRate = 0, double WarmupEpochs = 0, bool PerStep = false) : ILearningRateSchedule
{
    /// <summary>Length of the schedule (the run's epochs).</summary>
    public int Epochs { get; init; } = Epochs > 0 ? Epochs : throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be positive.");

    /// <summary>Rate at the end of the decay.</summary>
    public double MinLearningRate { get; init; } = MinLearningRate >= 0 && !double.IsInfinity(MinLearningRate)
        ? MinLearningRate
        : throw new ArgumentOutOfRangeException(nameof(MinLearningRate), MinLearningRate, "MinLearningRate must be a non-negative finite number.");

    /// <summary>Epochs of linear warm-up (may be fractional).</summary>
    public double WarmupEpochs { get; init; } = WarmupEpochs >= 0 && WarmupEpochs <= Epochs
        ? WarmupEpochs
        : throw new ArgumentOutOfRangeException(nameof(WarmupEpochs), WarmupEpochs, "WarmupEpochs must lie between 0 and Epochs.");

    /// <inheritdoc />
    public double LearningRate(double baseLearningRate, int epoch, int step, int stepsPerEpoch)
    {
        double unitsPerEpoch = PerStep ? Math.Max(stepsPerEpoch, 1) : 1;
        double position = PerStep ? epoch * unitsPerEpoch + step : epoch;
        double total = Epochs * unitsPerEpoch;
        double warmup = Math.Round(WarmupEpochs * unitsPerEpoch);
        if (position < warmup) return baseLearningRate * (position + 1) / warmup;
        double progress = (position - warmup) / Math.Max(total - warmup, 1);
        return MinLearningRate + (baseLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * Math.Min(progress, 1))) / 2;
    }

    /// <inheritdoc />
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"cosine(epochs {Epochs}, min lr {MinLearningRate}, warm-up {WarmupEpochs} epochs, {(PerStep ? "per step" : "per epoch")})");
}
