using TorchSharp;

namespace ResNetTab.Engine.Serialization;

/// <summary>Maps safetensors dtype names ("F32", "BF16", …) to and from <see cref="torch.ScalarType"/>.</summary>
public static class SafetensorsDType
{
    /// <summary>The safetensors name of an element type, e.g. "F32" for float32.</summary>
    /// <exception cref="NotSupportedException">The element type has no safetensors name here.</exception>
    public static string NameOf(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Float32 => "F32",
        torch.ScalarType.Float64 => "F64",
        torch.ScalarType.Float16 => "F16",
        torch.ScalarType.BFloat16 => "BF16",
        torch.ScalarType.Int64 => "I64",
        torch.ScalarType.Int32 => "I32",
        torch.ScalarType.Int16 => "I16",
        torch.ScalarType.Int8 => "I8",
        torch.ScalarType.Byte => "U8",
        torch.ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"Tensors of type {type} cannot be stored in a safetensors file."),
    };

    /// <summary>The element type of a safetensors dtype name; false for names this library does not read.</summary>
    public static bool TryParse(string name, out torch.ScalarType type)
    {
        switch (name)
        {
            case "F32": type = torch.ScalarType.Float32; return true;
            case "F64": type = torch.ScalarType.Float64; return true;
            case "F16": type = torch.ScalarType.Float16; return true;
            case "BF16": type = torch.ScalarType.BFloat16; return true;
            case "I64": type = torch.ScalarType.Int64; return true;
            case "I32": type = torch.ScalarType.Int32; return true;
            case "I16": type = torch.ScalarType.Int16; return true;
            case "I8": type = torch.ScalarType.Int8; return true;
            case "U8": type = torch.ScalarType.Byte; return true;
            case "BOOL": type = torch.ScalarType.Bool; return true;
            default: type = default; return false;
        }
    }

    /// <summary>
    /// The position of the dtype in the reference implementation's dtype order (increasing alignment);
    /// writers lay tensors out by descending rank, then by name, so files match byte for byte.
    /// </summary>
    internal static int Rank(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Bool => 0,
        torch.ScalarType.Byte => 1,
        torch.ScalarType.Int8 => 2,
        torch.ScalarType.Int16 => 5,
        torch.ScalarType.Float16 => 7,
        torch.ScalarType.BFloat16 => 8,
        torch.ScalarType.Int32 => 9,
        torch.ScalarType.Float32 => 11,
        torch.ScalarType.Float64 => 12,
        torch.ScalarType.Int64 => 13,
        _ => throw new NotSupportedException($"Tensors of type {type} cannot be stored in a safetensors file."),
    };

    /// <summary>Bytes per element of a storable type.</summary>
    internal static long ElementSize(torch.ScalarType type) => type switch
    {
        torch.ScalarType.Bool or torch.ScalarType.Byte or torch.ScalarType.Int8 => 1,
        torch.ScalarType.Int16 or torch.ScalarType.Float16 or torch.ScalarType.BFloat16 => 2,
        torch.ScalarType.Int32 or torch.ScalarType.Float32 => 4,
        torch.ScalarType.Int64 or torch.ScalarType.Float64 => 8,
        _ => throw new NotSupportedException($"Tensors of type {type} cannot be stored in a safetensors file."),
    };
}
