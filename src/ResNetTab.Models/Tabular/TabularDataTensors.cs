using ResNetTab.Engine.Tensors;
using static TorchSharp.torch;

namespace ResNetTab.Models.Tabular;

/// <summary>Rows of a <see cref="TabularData"/> as the two inputs of a <see cref="TabularResNet"/>.</summary>
public static class TabularDataTensors
{
    /// <summary>The rows' numerical [rows, n] float32 and categorical [rows, c] int64 matrices as tensors (one copy each; the caller disposes them).</summary>
    /// <param name="data">The rows.</param>
    /// <param name="device">Device of the tensors; the CPU when null.</param>
    /// <returns>(numerical, categorical).</returns>
    public static (Tensor numerical, Tensor categorical) ToTensors(this TabularData data, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var numerical = TensorData.FromSpan<float>(data.Numerical.Span, [data.Rows, data.NumericalColumns], device);
        try
        {
            var categorical = TensorData.FromSpan<long>(data.Categorical.Span, [data.Rows, data.CategoricalColumns], device);
            return (numerical, categorical);
        }
        catch
        {
            numerical.Dispose();
            throw;
        }
    }
}
