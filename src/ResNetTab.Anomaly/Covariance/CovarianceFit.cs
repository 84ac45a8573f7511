using MathNet.Numerics.LinearAlgebra;

namespace ResNetTab.Anomaly;

/// <summary>Location, covariance and precision estimates with scikit-learn's formulas.</summary>
internal static class CovarianceFit
{
    /// <summary>Column means and the centred data.</summary>
    public static (double[] Mean, Matrix<double> Centered) Center(FeatureMatrix x)
    {
        int n = x.Rows, d = x.Columns;
        var mean = new double[d];
        float[] v = x.Buffer;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) mean[j] += v[(i * d) + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        var c = Matrix<double>.Build.Dense(n, d, (i, j) => v[(i * d) + j] - mean[j]);
        return (mean, c);
    }

    /// <summary>Biased covariance of centred data: XᵀX / n.</summary>
    public static Matrix<double> Empirical(Matrix<double> centered) =>
        centered.TransposeThisAndMultiply(centered) / centered.RowCount;

    /// <summary>scikit-learn's <c>ledoit_wolf_shrinkage</c> for centred data.</summary>
    public static double LedoitWolfShrinkage(Matrix<double> centered)
    {
        int n = centered.RowCount, d = centered.ColumnCount;
        if (d == 1) return 0.0;
        var x2 = centered.PointwisePower(2);
        var empCovTrace = x2.ColumnSums() / n;
        double mu = empCovTrace.Sum() / d;
        double beta_ = x2.TransposeThisAndMultiply(x2).Enumerate().Sum();
        double delta_ = centered.TransposeThisAndMultiply(centered).Enumerate().Sum(v => v * v);
        delta_ /= (double)n * n;
        double beta = 1.0 / ((double)d * n) * ((beta_ / n) - delta_);
        double delta = delta_ - (2.0 * mu * empCovTrace.Sum()) + (d * mu * mu);
        delta /= d;
        beta = Math.Min(beta, delta);
        return beta == 0 ? 0 : beta / delta;
    }

    /// <summary>(1 − s)·C + s·(tr C / d)·I, as scikit-learn's <c>shrunk_covariance</c>.</summary>
    public static Matrix<double> Shrink(Matrix<double> cov, double shrinkage)
    {
        int d = cov.RowCount;
        double mu = cov.Trace() / d;
        var result = cov * (1 - shrinkage);
        for (int i = 0; i < d; i++) result[i, i] += shrinkage * mu;
        return result;
    }

    /// <summary>Pseudo-inverse of a symmetric matrix by eigen-decomposition, with scipy <c>pinvh</c>'s cutoff.</summary>
    public static Matrix<double> PseudoInverseSymmetric(Matrix<double> a)
    {
        var evd = a.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Real();
        double maxAbs = values.AbsoluteMaximum();
        double cutoff = maxAbs * a.RowCount * 2.220446049250313e-16; // max(M, N) · eps · max|λ|
        var inv = Vector<double>.Build.Dense(values.Count, i => Math.Abs(values[i]) > cutoff ? 1.0 / values[i] : 0.0);
        var v = evd.EigenVectors;
        return v * Matrix<double>.Build.DiagonalOfDiagonalVector(inv) * v.Transpose();
    }
}
