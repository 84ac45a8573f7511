using static TorchSharp.torch;

namespace ResNetTab.SelfSupervised.Masking;

/// <summary>
/// SCARF's view of a row (Bahri et al. 2022): a fraction of its cells is replaced by the same column's value in another
/// random row of the batch (the empirical marginal), optionally with Gaussian noise on numerical cells and feature
/// dropout (dropped cells are masked: numerical ones through the model's mask, categorical ones set to [MASK] = 0).
/// </summary>
/// <param name="CorruptionRate">Probability that a cell takes another row's value. Default 0.3.</param>
/// <param name="NoiseStd">Standard deviation of Gaussian noise added to numerical cells. Default 0.</param>
/// <param name="FeatureDropout">Probability that a cell is masked. Default 0.</param>
public sealed record ScarfCorruption(double CorruptionRate = 0.3, double NoiseStd = 0, double FeatureDropout = 0)
{
    /// <summary>A corrupted view of the batch.</summary>
    /// <param name="numerical">[B, n_num] values (may have zero columns).</param>
    /// <param name="categorical">[B, n_cat] indices (may have zero columns).</param>
    /// <param name="generator">Random generator; the global one when null.</param>
    /// <returns>The view: numerical values, categorical indices and the numerical mask of dropped cells (null without dropout).</returns>
    public (Tensor Numerical, Tensor Categorical, Tensor? NumericalMask) Apply(Tensor numerical, Tensor categorical, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(numerical);
        ArgumentNullException.ThrowIfNull(categorical);
        Validate();
        using var scope = NewDisposeScope();
        var num = Swap(numerical, generator);
        var cat = Swap(categorical, generator);
        if (NoiseStd > 0 && num.shape[1] > 0) num = num + randn(num.shape, device: num.device, generator: generator) * NoiseStd;
        Tensor? dropped = null;
        if (FeatureDropout > 0)
        {
            dropped = FeatureMasks.Bernoulli(num.shape[0], num.shape[1], FeatureDropout, num.device, generator);
            cat = cat.masked_fill(FeatureMasks.Bernoulli(cat.shape[0], cat.shape[1], FeatureDropout, cat.device, generator), 0);
            dropped.MoveToOuterDisposeScope();
        }
        return (num.MoveToOuterDisposeScope(), cat.MoveToOuterDisposeScope(), dropped);
    }

    /// <summary>Checks the rates.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is outside [0, 1] or the noise is negative.</exception>
    public void Validate()
    {
        if (!(CorruptionRate >= 0 && CorruptionRate <= 1)) throw new ArgumentOutOfRangeException(nameof(CorruptionRate), CorruptionRate, "CorruptionRate must lie in [0, 1].");
        if (!(FeatureDropout >= 0 && FeatureDropout <= 1)) throw new ArgumentOutOfRangeException(nameof(FeatureDropout), FeatureDropout, "FeatureDropout must lie in [0, 1].");
        if (!(NoiseStd >= 0) || double.IsInfinity(NoiseStd)) throw new ArgumentOutOfRangeException(nameof(NoiseStd), NoiseStd, "NoiseStd must be a non-negative finite number.");
    }

    private Tensor Swap(Tensor x, Generator? generator)
    {
        if (x.shape[1] == 0 || CorruptionRate == 0) return x.alias();
        var rows = x.shape[0];
        var replace = FeatureMasks.Bernoulli(rows, x.shape[1], CorruptionRate, x.device, generator);
        var donors = randint(rows, [rows, x.shape[1]], dtype: ScalarType.Int64, device: x.device, generator: generator);
        return where(replace, x.gather(0, donors), x);
    }
}
