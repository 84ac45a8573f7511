using System.Text.Json.Nodes;

namespace ResNetTab.Anomaly;

/// <summary>
/// COPOD (Li et al., ICDM 2020; PyOD's <c>COPOD</c>): the empirical copula's tail probabilities under independence —
/// a cell's outlyingness is the larger of the tail its column's skewness points to (both tails added for a column
/// without skew) and the mean of both tails; a row's score is the sum over its columns. Parameter-free and
/// deterministic; the training scores equal PyOD's <c>decision_scores_</c>, a new row scores as PyOD's
/// <c>decision_function</c> of that row alone (with the training skewness).
/// </summary>
public sealed class CopodScorer : EmpiricalTailScorer
{
    /// <summary>Creates an unfitted detector.</summary>
    /// <param name="contamination">Expected share of anomalies ('auto' = 0.1); sets the threshold only.</param>
    public CopodScorer(Contamination contamination = default)
        : base(contamination)
    {
    }

    /// <inheritdoc />
    public override string Kind => "CopodScorer";

    private protected override double Cell(double left, double right, int skewSign)
    {
        double skewed = skewSign < 0 ? left : skewSign > 0 ? right : left + right;
        return Math.Max(skewed, (left + right) / 2);
    }

    internal static CopodScorer LoadModel(JsonObject model, Contamination contamination)
    {
        var e = new CopodScorer(contamination);
        e.Restore(model);
        return e;
    }
}
