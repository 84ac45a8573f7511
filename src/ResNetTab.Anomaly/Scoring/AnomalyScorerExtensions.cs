namespace ResNetTab.Anomaly;

/// <summary>Overloads of the <see cref="IAnomalyScorer"/> methods for <see cref="TabularData"/>, <c>float[,]</c> and row-major spans.</summary>
/// <remarks>
/// A <see cref="TabularData"/> becomes the scorer's matrix once per call: its numerical columns, then its categorical
/// indices as floats (exact below 2^24), the column order of <see cref="TabularSchema.ColumnNames"/>. Scorers keep no
/// schema: a scorer fitted on rows is the scorer fitted on their matrix, and per-column results (such as contributions)
/// follow <see cref="TabularSchema.ColumnNames"/>.
/// </remarks>
public static class AnomalyScorerExtensions
{
    /// <summary>Fits on rows (numerical columns, then categorical indices).</summary>
    /// <param name="scorer">The detector.</param>
    /// <param name="data">Training rows.</param>
    public static void Fit(this IAnomalyScorer scorer, TabularData data) => Scorer(scorer).Fit(data.ToFeatureMatrix());

    /// <summary>Anomaly scores of rows, higher = more anomalous.</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="data">Rows with the fitted columns.</param>
    /// <returns>One score per row.</returns>
    public static double[] Score(this IAnomalyScorer scorer, TabularData data) => Scorer(scorer).Score(data.ToFeatureMatrix());

    /// <summary>scikit-learn's <c>score_samples</c> of rows (higher = more normal).</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="data">Rows with the fitted columns.</param>
    /// <returns>One value per row.</returns>
    public static double[] ScoreSamples(this IAnomalyScorer scorer, TabularData data) => Scorer(scorer).ScoreSamples(data.ToFeatureMatrix());

    /// <summary>scikit-learn's <c>decision_function</c> of rows (negative = anomaly).</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="data">Rows with the fitted columns.</param>
    /// <returns>One value per row.</returns>
    public static double[] DecisionFunction(this IAnomalyScorer scorer, TabularData data) => Scorer(scorer).DecisionFunction(data.ToFeatureMatrix());

    /// <summary>Labels of rows, 1 = anomaly, 0 = normal.</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="data">Rows with the fitted columns.</param>
    /// <returns>One label per row.</returns>
    public static int[] Predict(this IAnomalyScorer scorer, TabularData data) => Scorer(scorer).Predict(data.ToFeatureMatrix());

    /// <summary>Fits on rows, then labels them (1 = anomaly).</summary>
    /// <param name="scorer">The detector.</param>
    /// <param name="data">Training rows.</param>
    /// <returns>One label per row.</returns>
    public static int[] FitPredict(this IAnomalyScorer scorer, TabularData data) => Scorer(scorer).FitPredict(data.ToFeatureMatrix());

    /// <summary>Outlier probabilities of rows (n × 2: normal, anomaly).</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="data">Rows with the fitted columns.</param>
    /// <param name="method">Linear or unify.</param>
    /// <returns>The probabilities.</returns>
    public static double[,] PredictProba(this IAnomalyScorer scorer, TabularData data, ProbabilityMethod method = ProbabilityMethod.Linear) =>
        Scorer(scorer).PredictProba(data.ToFeatureMatrix(), method);

    private static IAnomalyScorer Scorer(IAnomalyScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        return scorer;
    }

    /// <summary>Fits on a rectangular array (rows = samples).</summary>
    /// <param name="scorer">The detector.</param>
    /// <param name="x">Training samples.</param>
    public static void Fit(this IAnomalyScorer scorer, float[,] x) => scorer.Fit(FeatureMatrix.From(x));

    /// <summary>Fits on row-major values with <paramref name="columns"/> features per row.</summary>
    /// <param name="scorer">The detector.</param>
    /// <param name="x">Row-major training samples.</param>
    /// <param name="columns">Features per row.</param>
    public static void Fit(this IAnomalyScorer scorer, ReadOnlySpan<float> x, int columns) =>
        scorer.Fit(FeatureMatrix.From(x, columns));

    /// <summary>Anomaly scores, higher = more anomalous.</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="x">Samples.</param>
    public static double[] Score(this IAnomalyScorer scorer, float[,] x) => scorer.Score(FeatureMatrix.From(x));

    /// <summary>Anomaly scores, higher = more anomalous.</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="x">Row-major samples.</param>
    /// <param name="columns">Features per row.</param>
    public static double[] Score(this IAnomalyScorer scorer, ReadOnlySpan<float> x, int columns) =>
        scorer.Score(FeatureMatrix.From(x, columns));

    /// <summary>scikit-learn's <c>score_samples</c> (higher = more normal).</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="x">Samples.</param>
    public static double[] ScoreSamples(this IAnomalyScorer scorer, float[,] x) => scorer.ScoreSamples(FeatureMatrix.From(x));

    /// <summary>scikit-learn's <c>score_samples</c> (higher = more normal).</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="x">Row-major samples.</param>
    /// <param name="columns">Features per row.</param>
    public static double[] ScoreSamples(this IAnomalyScorer scorer, ReadOnlySpan<float> x, int columns) =>
        scorer.ScoreSamples(FeatureMatrix.From(x, columns));

    /// <summary>scikit-learn's <c>decision_function</c> (negative = anomaly).</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="x">Samples.</param>
    public static double[] DecisionFunction(this IAnomalyScorer scorer, float[,] x) =>
        scorer.DecisionFunction(FeatureMatrix.From(x));

    /// <summary>scikit-learn's <c>decision_function</c> (negative = anomaly).</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="x">Row-major samples.</param>
    /// <param name="columns">Features per row.</param>
    public static double[] DecisionFunction(this IAnomalyScorer scorer, ReadOnlySpan<float> x, int columns) =>
        scorer.DecisionFunction(FeatureMatrix.From(x, columns));

    /// <summary>Labels, 1 = anomaly, 0 = normal.</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="x">Samples.</param>
    public static int[] Predict(this IAnomalyScorer scorer, float[,] x) => scorer.Predict(FeatureMatrix.From(x));

    /// <summary>Labels, 1 = anomaly, 0 = normal.</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="x">Row-major samples.</param>
    /// <param name="columns">Features per row.</param>
    public static int[] Predict(this IAnomalyScorer scorer, ReadOnlySpan<float> x, int columns) =>
        scorer.Predict(FeatureMatrix.From(x, columns));

    /// <summary>Fits, then labels the training rows (1 = anomaly).</summary>
    /// <param name="scorer">The detector.</param>
    /// <param name="x">Training samples.</param>
    public static int[] FitPredict(this IAnomalyScorer scorer, float[,] x) => scorer.FitPredict(FeatureMatrix.From(x));

    /// <summary>Outlier probabilities (n × 2: normal, anomaly).</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="x">Samples.</param>
    /// <param name="method">Linear or unify.</param>
    public static double[,] PredictProba(this IAnomalyScorer scorer, float[,] x, ProbabilityMethod method = ProbabilityMethod.Linear) =>
        scorer.PredictProba(FeatureMatrix.From(x), method);

    /// <summary>Outlier probabilities (n × 2: normal, anomaly).</summary>
    /// <param name="scorer">The fitted detector.</param>
    /// <param name="x">Row-major samples.</param>
    /// <param name="columns">Features per row.</param>
    /// <param name="method">Linear or unify.</param>
    public static double[,] PredictProba(this IAnomalyScorer scorer, ReadOnlySpan<float> x, int columns,
        ProbabilityMethod method = ProbabilityMethod.Linear) =>
        scorer.PredictProba(FeatureMatrix.From(x, columns), method);
}
