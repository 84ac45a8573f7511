using ResNetTab.Engine.Tensors;
using static TorchSharp.torch;

namespace ResNetTab.Anomaly;

/// <summary>Tensor inputs for every scorer: embeddings straight from a model, on any device.</summary>
public static class TensorInputExtensions
{
    /// <summary>Copies a 2-D tensor (rows × features, any floating dtype, any device) into a <see cref="FeatureMatrix"/>.</summary>
    /// <exception cref="ArgumentException">The tensor is not 2-D or not floating point, or holds NaN/Inf.</exception>
    public static FeatureMatrix ToFeatureMatrix(this Tensor x, string paramName = "x")
    {
        ArgumentNullException.ThrowIfNull(x, paramName);
        var shape = x.shape;
        if (shape.Length != 2)
            throw new ArgumentException($"Expected a 2-D tensor (rows × features), got shape [{string.Join(", ", shape)}].", paramName);
        if (!x.is_floating_point())
            throw new ArgumentException($"Expected a floating-point tensor, got {x.dtype}.", paramName);
        return FeatureMatrix.Wrap(TensorData.ToArray<float>(x), checked((int)shape[1]), paramName);
    }

    /// <summary>Fits the scorer on the rows of a 2-D tensor.</summary>
    public static void Fit(this IAnomalyScorer scorer, Tensor x) => scorer.Fit(x.ToFeatureMatrix());

    /// <summary>Anomaly scores (higher = more anomalous) of the rows of a 2-D tensor.</summary>
    public static double[] Score(this IAnomalyScorer scorer, Tensor x) => scorer.Score(x.ToFeatureMatrix());

    /// <summary>scikit-learn's <c>score_samples</c> (higher = more normal) of the rows of a 2-D tensor.</summary>
    public static double[] ScoreSamples(this IAnomalyScorer scorer, Tensor x) => scorer.ScoreSamples(x.ToFeatureMatrix());

    /// <summary>scikit-learn's <c>decision_function</c> (negative = outlier) of the rows of a 2-D tensor.</summary>
    public static double[] DecisionFunction(this IAnomalyScorer scorer, Tensor x) => scorer.DecisionFunction(x.ToFeatureMatrix());

    /// <summary>Labels (1 = anomaly, 0 = normal) of the rows of a 2-D tensor.</summary>
    public static int[] Predict(this IAnomalyScorer scorer, Tensor x) => scorer.Predict(x.ToFeatureMatrix());
}
