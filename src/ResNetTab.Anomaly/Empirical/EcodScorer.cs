using System.Text.Json.Nodes;

namespace ResNetTab.Anomaly;

/// <summary>
/// ECOD (Li et al., TKDE 2022; PyOD's <c>ECOD</c>): a cell's outlyingness is the larger of its left- and right-tail
/// contributions and of the tail its column's skewness points to (both tails added for a column without skew); a row's
/// score is the sum over its columns. Parameter-free and deterministic; the training scores equal PyOD's
/// <c>decision_scores_</c>, a new row scores as PyOD's <c>decision_function</c> of that row alone (with the training
/// skewness).
/// </summary>
public sealed class EcodScorer : EmpiricalTailScorer
{
    /// <summary>Creates an unfitted detector.</summary>
    /// <param name="contamination">Expected share of anomalies ('auto' = 0.1); sets the threshold only.</param>
    public EcodScorer(Contamination contamination = default)
        : base(contamination)
    {
    }

    /// <inheritdoc />
    public override string Kind => "EcodScorer";

    private protected override double Cell(double left, double right, int skewSign)
    {
        double skewed = skewSign < 0 ? left : skewSign > 0 ? right : left + right;
        return Math.Max(skewed, Math.Max(left, right));
    }

    internal static EcodScorer LoadModel(JsonObject model, Contamination contamination)
    {
        var e = new EcodScorer(contamination);
        e.Restore(model);
        return e;
    }
}
