using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Optimizers;

/// <summary>
/// The running state an optimizer keeps for one parameter. Its tensors belong to no dispose scope:
/// the optimizer frees them when disposed or when the state is replaced.
/// </summary>
public sealed class ParameterState : IDisposable
{
    private readonly Dictionary<string, Tensor> tensors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> scalars = new(StringComparer.Ordinal);

    /// <summary>Tensor state by name ("exp_avg", "momentum_buffer", …).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors => tensors;

    /// <summary>Numeric state by name ("step").</summary>
    public IReadOnlyDictionary<string, double> Scalars => scalars;

    /// <summary>The state tensor <paramref name="name"/>, or null.</summary>
    public Tensor? Get(string name) => tensors.TryGetValue(name, out var t) ? t : null;

    /// <summary>
    /// Stores <paramref name="tensor"/> as <paramref name="name"/>, taking it out of every dispose scope
    /// so that it outlives the step (and the caller's scope) that created it.
    /// </summary>
    public Tensor Set(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.DetachFromDisposeScope();
        if (tensors.TryGetValue(name, out var old) && !ReferenceEquals(old, tensor)) old.Dispose();
        tensors[name] = tensor;
        return tensor;
    }

    /// <summary>The scalar <paramref name="name"/>, or 0 when unset.</summary>
    public double Scalar(string name) => scalars.TryGetValue(name, out var v) ? v : 0;

    /// <summary>Sets the scalar <paramref name="name"/>.</summary>
    public void SetScalar(string name, double value) => scalars[name] = value;

    /// <summary>Frees every state tensor.</summary>
    public void Dispose()
    {
        foreach (var t in tensors.Values) t.Dispose();
        tensors.Clear();
        scalars.Clear();
    }
}
