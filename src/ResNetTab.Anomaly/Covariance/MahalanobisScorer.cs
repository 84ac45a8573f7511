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
            result[i] = -s;
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
            Estimator = Enum.Parse<CovarianceEstimator>(Json.Get<string>(model, "estimator")),
            Shrinkage = Json.Get<double>(model, "shrinkage"),
            Contamination = contamination,
        });
        m._location = Json.Get<double[]>(model, "location");
        int d = m._location.Length;
        m.ShrinkageApplied = Json.Get<double>(model, "shrinkageApplied");
        m.Covariance = Json.Get<double[]>(model, "covariance");
        m._precision = Matrix<double>.Build.DenseOfRowMajor(d, d, Json.Get<double[]>(model, "precision"));
        return m;
    }
}
