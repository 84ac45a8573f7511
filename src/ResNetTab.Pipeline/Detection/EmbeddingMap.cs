using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;
using ResNetTab.Anomaly;

namespace ResNetTab.Pipeline;

/// <summary>
/// A 2-D map of the embedding space: the first two principal components of the training embeddings (at most
/// <see cref="MaxFitRows"/> evenly spaced rows), each signed so that its largest loading is positive (a fixed sign
/// for the same data).
/// </summary>
internal sealed class EmbeddingMap
{
    public const int MaxFitRows = 5000;

    private EmbeddingMap(double[] mean, double[][] components)
    {
        Mean = mean;
        Components = components;
    }

    public double[] Mean { get; }

    public double[][] Components { get; }

    public static EmbeddingMap Fit(FeatureMatrix embeddings)
    {
        var d = embeddings.Columns;
        var step = Math.Max(1, embeddings.Rows / MaxFitRows);
        var rows = Enumerable.Range(0, embeddings.Rows / step).Select(i => i * step).ToArray();
        var mean = new double[d];
        foreach (var r in rows)
        {
            var row = embeddings.Row(r);
            for (var j = 0; j < d; j++) mean[j] += row[j];
        }
        for (var j = 0; j < d; j++) mean[j] /= rows.Length;
        var covariance = Matrix<double>.Build.Dense(d, d);
        var centered = new double[d];
        foreach (var r in rows)
        {
            var row = embeddings.Row(r);
            for (var j = 0; j < d; j++) centered[j] = row[j] - mean[j];
            for (var a = 0; a < d; a++)
                for (var b = a; b < d; b++) covariance[a, b] += centered[a] * centered[b];
        }
        for (var a = 0; a < d; a++)
            for (var b = 0; b < a; b++) covariance[a, b] = covariance[b, a];
        var evd = covariance.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(i => evd.EigenValues[i].Real).Take(2).ToArray();
        var components = order.Select(i =>
        {
            var v = evd.EigenVectors.Column(i).ToArray();
            var largest = v.MaxBy(Math.Abs);
            if (largest < 0) for (var j = 0; j < v.Length; j++) v[j] = -v[j];
            return v;
        }).ToArray();
        while (components.Length < 2) components = [.. components, new double[d]];
        return new EmbeddingMap(mean, components);
    }

    public (float X, float Y) Project(ReadOnlySpan<float> embedding)
    {
        double x = 0, y = 0;
        for (var j = 0; j < Mean.Length; j++)
        {
            var c = embedding[j] - Mean[j];
            x += c * Components[0][j];
            y += c * Components[1][j];
        }
        return ((float)x, (float)y);
    }

    public JsonObject ToJson() => new()
    {
        ["format"] = "resnettab.embedding-map/1",
        ["mean"] = new JsonArray([.. Mean.Select(v => (JsonNode)v)]),
        ["components"] = new JsonArray([.. Components.Select(c => (JsonNode)new JsonArray([.. c.Select(v => (JsonNode)v)]))]),
    };

    public static EmbeddingMap FromJson(JsonObject document, int width)
    {
        if (document["format"]?.GetValue<string>() != "resnettab.embedding-map/1")
            throw new InvalidDataException("it is not an embedding map (format resnettab.embedding-map/1).");
        var mean = document["mean"]?.AsArray().Select(n => n!.GetValue<double>()).ToArray() ?? throw new InvalidDataException("it has no 'mean'.");
        var components = document["components"]?.AsArray().Select(c => c!.AsArray().Select(n => n!.GetValue<double>()).ToArray()).ToArray()
            ?? throw new InvalidDataException("it has no 'components'.");
        if (mean.Length != width || components.Length != 2 || components.Any(c => c.Length != width))
            throw new InvalidDataException($"its shapes do not match the model's embedding width {width}.");
        return new EmbeddingMap(mean, components);
    }
}
