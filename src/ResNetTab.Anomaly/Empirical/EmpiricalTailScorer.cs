using System.Text.Json.Nodes;

namespace ResNetTab.Anomaly;

/// <summary>
/// Shared part of the parameter-free detectors built on per-column empirical tail probabilities (ECOD, COPOD): the
/// score of a row is the sum over its columns of a per-cell outlyingness that each detector derives from the cell's
/// left- and right-tail contributions and the column's skewness sign. Inputs must hold no NaN.
/// </summary>
public abstract class EmpiricalTailScorer : AnomalyScorerBase
{
    private EmpiricalTails? _tails;

    /// <summary>Creates an unfitted detector.</summary>
    /// <param name="contamination">Expected share of anomalies; 'auto' means PyOD's default 0.1. It sets the threshold only, never the scores.</param>
    private protected EmpiricalTailScorer(Contamination contamination)
        : base(contamination)
    {
    }

    /// <summary>Sign of each training column's skewness (−1, 0 or 1), which picks the tail a column is read from.</summary>
    public IReadOnlyList<int> SkewSign => _tails?.SkewSign ?? [];

    /// <summary>One cell's outlyingness from its tail contributions.</summary>
    /// <param name="left">−log of the left-tail probability.</param>
    /// <param name="right">−log of the right-tail probability.</param>
    /// <param name="skewSign">Sign of the column's skewness.</param>
    private protected abstract double Cell(double left, double right, int skewSign);

    /// <summary>
    /// Each column's share of the rows' scores (row-major rows × columns; a row's shares sum to its
    /// <see cref="IAnomalyScorer.Score"/>): the columns that make a row an outlier.
    /// </summary>
    /// <param name="x">Rows with the fitted feature count.</param>
    /// <returns>The contributions, row-major.</returns>
    public double[] Contributions(FeatureMatrix x)
    {
        CheckInput(x);
        return CellScores(x, isTraining: false);
    }

    /// <inheritdoc />
    protected override double[] FitCore(FeatureMatrix x)
    {
        CheckFinite(x);
        _tails = EmpiricalTails.Fit(x);
        return Negated(RowSums(CellScores(x, isTraining: true), x.Columns));
    }

    /// <inheritdoc />
    protected override double[] ScoreSamplesCore(FeatureMatrix x)
    {
        CheckFinite(x);
        return Negated(RowSums(CellScores(x, isTraining: false), x.Columns));
    }

    private double[] CellScores(FeatureMatrix x, bool isTraining)
    {
        var tails = _tails!;
        int n = x.Rows, d = x.Columns;
        var values = x.Buffer;
        var cells = new double[(long)n * d];
        Parallel.For(0, n, r =>
        {
            for (int c = 0; c < d; c++)
            {
                var (left, right) = tails.Tails(c, values[(r * d) + c], isTraining);
                cells[((long)r * d) + c] = Cell(left, right, tails.SkewSign[c]);
            }
        });
        return cells;
    }

    private static double[] RowSums(double[] cells, int columns)
    {
        var sums = new double[cells.Length / Math.Max(1, columns)];
        for (int r = 0; r < sums.Length; r++)
        {
            double s = 0;
            for (int c = 0; c < columns; c++) s += cells[(r * columns) + c];
            sums[r] = s;
        }
        return sums;
    }

    private static double[] Negated(double[] scores)
    {
        for (int i = 0; i < scores.Length; i++) scores[i] = -scores[i];
        return scores;
    }

    private static void CheckFinite(FeatureMatrix x)
    {
        var v = x.Values;
        for (int i = 0; i < v.Length; i++)
            if (!float.IsFinite(v[i]))
                throw new ArgumentException($"X holds {v[i]} at row {i / x.Columns}, column {i % x.Columns}; empirical tails need finite values.", nameof(x));
    }

    /// <inheritdoc />
    protected internal override JsonObject SaveModel(ScorerFiles files) => _tails!.Save();

    /// <summary>Restores the fitted tails of a loaded detector.</summary>
    /// <param name="model">The saved model object.</param>
    private protected void Restore(JsonObject model) => _tails = EmpiricalTails.Load(model);

    /// <inheritdoc />
    internal override void CheckLoaded(int featureCount) => Json.SameFeatures(_tails!.Columns, featureCount);
}
