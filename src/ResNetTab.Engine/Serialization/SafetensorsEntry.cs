using TorchSharp;

namespace ResNetTab.Engine.Serialization;

/// <summary>
/// One tensor described by a safetensors header: its name, element type, shape and the byte range of
/// its data, relative to the start of the data section that follows the header.
/// </summary>
/// <param name="Name">The tensor's name (a state-dict key such as <c>0.weight</c>).</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The size of each dimension; empty for a 0-dimensional tensor.</param>
/// <param name="Begin">Offset of the first byte in the data section.</param>
/// <param name="End">Offset one past the last byte in the data section.</param>
public sealed record SafetensorsEntry(string Name, torch.ScalarType DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>Number of bytes of data (<see cref="End"/> − <see cref="Begin"/>).</summary>
    public long ByteLength => End - Begin;

    /// <summary>Number of elements (the product of the shape; 1 for a 0-dimensional tensor).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => checked(a * b));
}
