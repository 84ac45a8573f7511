using static TorchSharp.torch;

namespace ResNetTab.Models.Training;

/// <summary>
/// Running sums of per-sample metrics, kept as float64 tensors on the model's device so that training
/// steps never wait for the device; read back only when progress is reported.
/// </summary>
public sealed class MetricSums : IDisposable
{
    private readonly Dictionary<string, Tensor> sums = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="sum"/> (a 0-dimensional tensor: the metric summed over the batch's samples) to <paramref name="name"/>.</summary>
    /// <param name="name">Metric name, e.g. "accuracy".</param>
    /// <param name="sum">Sum over the batch.</param>
    public void Add(string name, Tensor sum)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(sum);
        using var value = sum.detach().to(ScalarType.Float64);
        if (sums.TryGetValue(name, out var total)) total.add_(value);
        else sums[name] = value.clone().DetachFromDisposeScope();
    }

    /// <summary>Each metric's sum divided by <paramref name="samples"/> (reads the device).</summary>
    /// <param name="samples">Samples seen.</param>
    /// <returns>Metric name → mean.</returns>
    public IReadOnlyDictionary<string, double> Means(long samples) =>
        sums.ToDictionary(p => p.Key, p => p.Value.item<double>() / Math.Max(samples, 1), StringComparer.Ordinal);

    /// <summary>Frees the sums.</summary>
    public void Dispose()
    {
        foreach (var t in sums.Values) t.Dispose();
        sums.Clear();
    }
}
