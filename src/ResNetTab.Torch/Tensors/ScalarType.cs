namespace ResNetTab.Torch;

public static partial class torch
{
    /// <summary>Element types. Values equal libtorch's <c>c10::ScalarType</c> codes.</summary>
    public enum ScalarType : sbyte
    {
        /// <summary>8-bit unsigned integer (torch.uint8).</summary>
        Byte = 0,
        /// <summary>8-bit signed integer (torch.int8).</summary>
        Int8 = 1,
        /// <summary>16-bit signed integer (torch.int16).</summary>
        Int16 = 2,
        /// <summary>32-bit signed integer (torch.int32).</summary>
        Int32 = 3,
        /// <summary>64-bit signed integer (torch.int64, torch.long).</summary>
        Int64 = 4,
        /// <summary>IEEE half precision (torch.float16).</summary>
        Float16 = 5,
        /// <summary>IEEE single precision (torch.float32, torch.float).</summary>
        Float32 = 6,
        /// <summary>IEEE double precision (torch.float64, torch.double).</summary>
        Float64 = 7,
        /// <summary>Boolean (torch.bool).</summary>
        Bool = 11,
        /// <summary>Brain floating point (torch.bfloat16).</summary>
        BFloat16 = 15,
    }

    /// <summary>torch.uint8.</summary>
    public static readonly ScalarType uint8 = ScalarType.Byte;
    /// <summary>torch.int8.</summary>
    public static readonly ScalarType int8 = ScalarType.Int8;
    /// <summary>torch.int16.</summary>
    public static readonly ScalarType int16 = ScalarType.Int16;
    /// <summary>torch.int32.</summary>
    public static readonly ScalarType int32 = ScalarType.Int32;
    /// <summary>torch.int64.</summary>
    public static readonly ScalarType int64 = ScalarType.Int64;
    /// <summary>torch.long (int64).</summary>
    public static readonly ScalarType @long = ScalarType.Int64;
    /// <summary>torch.float16.</summary>
    public static readonly ScalarType float16 = ScalarType.Float16;
    /// <summary>torch.bfloat16.</summary>
    public static readonly ScalarType bfloat16 = ScalarType.BFloat16;
    /// <summary>torch.float32.</summary>
    public static readonly ScalarType float32 = ScalarType.Float32;
    /// <summary>torch.float (float32).</summary>
    public static readonly ScalarType @float = ScalarType.Float32;
    /// <summary>torch.float64.</summary>
    public static readonly ScalarType float64 = ScalarType.Float64;
    /// <summary>torch.double (float64).</summary>
    public static readonly ScalarType @double = ScalarType.Float64;
    /// <summary>torch.bool.</summary>
    public static readonly ScalarType @bool = ScalarType.Bool;

    /// <summary>True for floating-point element types.</summary>
    public static bool is_floating_point(ScalarType type) =>
        type is ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64 or ScalarType.BFloat16;

    /// <summary>Size in bytes of one element.</summary>
    public static int element_size(ScalarType type) => type switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown scalar type"),
    };

    /// <summary>The element type matching a .NET type (float → Float32, long → Int64, …).</summary>
    internal static ScalarType ScalarTypeOf<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return ScalarType.Float32;
        if (typeof(T) == typeof(double)) return ScalarType.Float64;
        if (typeof(T) == typeof(long)) return ScalarType.Int64;
        if (typeof(T) == typeof(int)) return ScalarType.Int32;
        if (typeof(T) == typeof(short)) return ScalarType.Int16;
        if (typeof(T) == typeof(byte)) return ScalarType.Byte;
        if (typeof(T) == typeof(sbyte)) return ScalarType.Int8;
        if (typeof(T) == typeof(bool)) return ScalarType.Bool;
        if (typeof(T) == typeof(Half)) return ScalarType.Float16;
        throw new NotSupportedException($"No tensor element type corresponds to {typeof(T).Name}.");
    }
}
