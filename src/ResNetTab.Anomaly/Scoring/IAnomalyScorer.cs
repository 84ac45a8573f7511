namespace ResNetTab.Anomaly;

/// <summary>
/// The contract shared by every detector.
/// </summary>
/// <remarks>
/// <para>Sign conventions:</para>
/// <list type="bullet">
/// <item><see cref="Score"/> and <see cref="TrainingScores"/>: <b>higher means more anomalous</b> (PyOD's
/// <c>decision_function</c> / <c>decision_scores_</c>). Always <c>Score = −ScoreSamples</c>.</item>
/// <item><see cref="ScoreSamples"/>: scikit-learn's sign, higher means more normal.</item>
/// <item><see cref="DecisionFunction"/>: scikit-learn's, <c>ScoreSamples − Offset</c>; negative means anomaly.</item>
/// <item><see cref="Predict"/>: 1 for anomaly, 0 for normal (PyOD labels; scikit-learn's −1 maps to 1),
/// i.e. <c>Score &gt; Threshold</c>, equivalently <c>DecisionFunction &lt; 0</c>.</item>
/// </list>
/// <para>Use the extension methods in <see cref="AnomalyScorerExtensions"/> for <c>float[,]</c> and
/// row-major span inputs.</para>
/// </remarks>
public interface IAnomalyScorer
{
    /// <summary>True once <see cref="Fit"/> has run (or the scorer was loaded).</summary>
    bool IsFitted { get; }

    /// <summary>Number of features seen in <see cref="Fit"/>; every later input must match it.</summary>
    int FeatureCount { get; }

    /// <summary>The contamination setting that fixes <see cref="Offset"/>.</summary>
    Contamination Contamination { get; }

    /// <summary>scikit-learn's <c>offset_</c>: <c>DecisionFunction = ScoreSamples − Offset</c>.</summary>
    double Offset { get; }

    /// <summary>PyOD's <c>threshold_</c> on the <see cref="Score"/> scale: <c>−Offset</c>.</summary>
    double Threshold { get; }

    /// <summary>Scores of the training rows, higher = more anomalous (PyOD's <c>decision_scores_</c>).</summary>
    IReadOnlyList<double> TrainingScores { get; }

    /// <summary>Fits the detector to the training rows.</summary>
    /// <param name="x">Training samples.</param>
    /// <exception cref="ArgumentException">Too few samples for the detector.</exception>
    void Fit(FeatureMatrix x);

    /// <summary>Anomaly scores: higher means more anomalous (PyOD convention).</summary>
    /// <param name="x">Samples with <see cref="FeatureCount"/> features.</param>
    double[] Score(FeatureMatrix x);

    /// <summary>scikit-learn's <c>score_samples</c>: higher means more normal.</summary>
    /// <param name="x">Samples with <see cref="FeatureCount"/> features.</param>
    double[] ScoreSamples(FeatureMatrix x);

    /// <summary>scikit-learn's <c>decision_function</c>: <c>ScoreSamples − Offset</c>, negative for anomalies.</summary>
    /// <param name="x">Samples with <see cref="FeatureCount"/> features.</param>
    double[] DecisionFunction(FeatureMatrix x);

    /// <summary>Labels: 1 = anomaly (<c>Score &gt; Threshold</c>), 0 = normal.</summary>
    /// <param name="x">Samples with <see cref="FeatureCount"/> features.</param>
    int[] Predict(FeatureMatrix x);

    /// <summary>Fits, then returns the labels of the training rows (scikit-learn's <c>fit_predict</c>, 1 = anomaly).</summary>
    /// <param name="x">Training samples.</param>
    int[] FitPredict(FeatureMatrix x);

    /// <summary>
    /// Outlier probabilities as PyOD: an n × 2 array, column 0 = P(normal), column 1 = P(anomaly).
    /// </summary>
    /// <param name="x">Samples with <see cref="FeatureCount"/> features.</param>
    /// <param name="method">Linear (min-max of training scores) or unify (erf of standardised scores).</param>
    double[,] PredictProba(FeatureMatrix x, ProbabilityMethod method = ProbabilityMethod.Linear);
}
