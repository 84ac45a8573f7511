using static TorchSharp.torch;

namespace ResNetTab.Models.Tests;

/// <summary>Reads a tensor's elements for assertions (any device, layout or type).</summary>
internal static class TensorReading
{
    public static T[] ReadAll<T>(this Tensor tensor) where T : unmanaged => TensorData.ToArray<T>(tensor);
}
