using System.Text.Json;
using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;

namespace ResNetTab.Anomaly;

/// <summary>
/// Squared Mahalanobis distance to the training mean under an empirical or shrunk covariance (scikit-learn's
/// <c>EmpiricalCovariance</c>/<c>LedoitWolf</c>/<c>ShrunkCovariance</c> with <c>EllipticEnvelope</c>'s scoring:
/// <see cref="IAnomalyScorer.ScoreSamples"/> = −d²). The location and covariance are classical (non-robust)
/// estimates: no Minimum Covariance Determinant step, so strong contamination of the training data inflates them.
/// </summary>
public sealed class MahalanobisScorer : AnomalyScorerBase
{
    private double[] _location = [];
    private Matrix<double>? _precision;

    /// <summary>Creates an unfitted detector.</summary>
    /// <param name="options">Parameters; null uses Ledoit–Wolf shrinkage.</param>
    public MahalanobisScorer(MahalanobisOptions? options = null)
        : base((options ?? new MahalanobisOptions()).Contamination)
    {
        Options = options ?? new MahalanobisOptions();
        if (!(Options.Shrinkage >= 0 && Options.Shrinkage <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), "Shrinkage must be in [0, 1].");
    }

    /// <summary>The parameters.</summary>
    public MahalanobisOptions Options { get; }

    /// <summary>Estimated location (<c>location_</c>).</summary>
    public IReadOnlyList<double> Location => _location;

    /// <summary>Shrinkage applied (Ledoit–Wolf's estimate, the fixed value, or 0).</summary>
    public double ShrinkageApplied { get; private set; }

    /// <summary>Estimated covariance (<c>covariance_</c>), row-major d × d.</summary>
    public double[] Covariance { get; private set; } = [];

    /// <summary>Precision matrix (<c>precision_</c>, pseudo-inverse of the covariance), row-major d × d.</summary>
    public double[] Precision => _precision?.ToRowMajorArray() ?? [];

    /// <inheritdoc />
    public override string Kind => "MahalanobisScorer";

    /// <inheritdoc />
    protected override double[] FitCore(FeatureMatrix x)
    {
        var (mean, centered) = CovarianceFit.Center(x);
        var cov = CovarianceFit.Empirical(centered);
        double s = Options.Estimator switch
        {
            CovarianceEstimator.LedoitWolf => CovarianceFit.LedoitWolfShrinkage(centered),
            CovarianceEstimator.Shrunk => Options.Shrinkage,
            _ => 0.0,
        };
        if (s > 0) cov = CovarianceFit.Shrink(cov, s);
        ShrinkageApplied = s;
        _location = mean;
        Covariance = cov.ToRowMajorArray();
        _precision = CovarianceFit.PseudoInverseSymmetric(cov);
        return ScoreSamplesCore(x);
    }

    /// <inheritdoc />
    protected override double[] ScoreSamplesCore(FeatureMatrix x)
    {
        int n = x.Rows, d = x.Columns;
        float[] v = x.Buffer;
        var centered = Matrix<double>.Build.Dense(n, d, (i, j) => v[(i * d) + j] - _location[j]);
        var projected = centered * _precision!;
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < d; j++) s += projected[i, j] * centered[i, j];
            // The quadratic form is ≥ 0; a row far enough to overflow it is the farthest possible, not NaN.
            result[i] = double.IsFinite(s) ? -s : -double.MaxValue;
        }
        return result;
    }

    /// <inheritdoc />
    protected internal override JsonObject SaveModel(ScorerFiles files) => new()
    {
        ["estimator"] = Options.Estimator.ToString(),
        ["shrinkage"] = Options.Shrinkage,
        ["shrinkageApplied"] = ShrinkageApplied,
        ["location"] = JsonSerializer.SerializeToNode(_location),
        ["covariance"] = JsonSerializer.SerializeToNode(Covariance),
        ["precision"] = JsonSerializer.SerializeToNode(Precision),
    };

    internal static MahalanobisScorer LoadModel(JsonObject model, Contamination contamination)
    {
        var m = new MahalanobisScorer(new MahalanobisOptions
        {
            Estimator = Json.GetEnum<CovarianceEstimator>(model, "estimator"),
            Shrinkage = Shrinkage(model, "shrinkage"),
            Contamination = contamination,
        });
        m._location = Json.GetFinite(model, "location");
        int d = m._location.Length;
        if (d is 0 or > MaxSavedDimension)
            throw new InvalidDataException($"Saved scorer field 'location' has {d} values; it must have 1 to {MaxSavedDimension}.");
        m.ShrinkageApplied = Shrinkage(model, "shrinkageApplied");
        m.Covariance = Json.GetFinite(model, "covariance", d * d);
        m._precision = Matrix<double>.Build.DenseOfRowMajor(d, d, Json.GetFinite(model, "precision", d * d));
        return m;
    }

    /// <summary>The widest saved model accepted: its d × d matrices then stay under 200 MB.</summary>
    private const int MaxSavedDimension = 4096;

    private static double Shrinkage(JsonObject model, string name)
    {
        double s = Json.Get<double>(model, name);
        if (!(s >= 0 && s <= 1)) throw new InvalidDataException($"Saved scorer field '{name}' is {s}; it must lie in [0, 1].");
        return s;
    }

    /// <inheritdoc />
    internal override void CheckLoaded(int featureCount) => Json.SameFeatures(_location.Length, featureCount);
}
