namespace ResNetTab.Torch;

/// <summary>Kinds of device. Values equal libtorch's <c>c10::DeviceType</c> codes.</summary>
public enum DeviceType
{
    /// <summary>The host CPU.</summary>
    CPU = 0,
    /// <summary>An NVIDIA GPU.</summary>
    CUDA = 1,
}

public static partial class torch
{
    /// <summary>A device: <c>cpu</c>, <c>cuda</c> or <c>cuda:n</c>.</summary>
    public sealed class Device : IEquatable<Device>
    {
        /// <summary>The kind of device.</summary>
        public DeviceType type { get; }

        /// <summary>The device index, or -1 for "the current device of that type".</summary>
        public int index { get; }

        /// <summary>Creates a device of the given type and index.</summary>
        public Device(DeviceType type, int index = -1)
        {
            if (index < -1) throw new ArgumentOutOfRangeException(nameof(index), index, "device index must be -1 or non-negative");
            if (type == DeviceType.CPU && index > 0) throw new ArgumentOutOfRangeException(nameof(index), index, "the CPU device has index 0 or -1");
            this.type = type;
            this.index = index;
        }

        /// <summary>Parses "cpu", "cuda" or "cuda:1".</summary>
        public Device(string description) : this(Parse(description, out var index), index) { }

        private static DeviceType Parse(string description, out int index)
        {
            ArgumentNullException.ThrowIfNull(description);
            var parts = description.Trim().ToLowerInvariant().Split(':');
            index = -1;
            if (parts.Length > 2 || (parts.Length == 2 && !int.TryParse(parts[1], out index)))
                throw new ArgumentException($"Invalid device string '{description}': expected 'cpu', 'cuda' or 'cuda:N'.", nameof(description));
            return parts[0] switch
            {
                "cpu" => DeviceType.CPU,
                "cuda" => DeviceType.CUDA,
                _ => throw new ArgumentException($"Unknown device type '{parts[0]}' in '{description}': expected 'cpu' or 'cuda'.", nameof(description)),
            };
        }

        /// <summary>"cpu", "cuda" or "cuda:n".</summary>
        public override string ToString() =>
            (type == DeviceType.CPU ? "cpu" : "cuda") + (index >= 0 && type != DeviceType.CPU ? $":{index}" : "");

        /// <inheritdoc />
        public bool Equals(Device? other) => other is not null && other.type == type && NormalIndex == other.NormalIndex;

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as Device);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(type, NormalIndex);

        private int NormalIndex => type == DeviceType.CPU ? -1 : index;

        /// <summary>Converts a device string implicitly, as TorchSharp does.</summary>
        public static implicit operator Device(string description) => new(description);
    }

    /// <summary>The CPU device.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>The current CUDA device.</summary>
    public static readonly Device CUDA = new(DeviceType.CUDA);

    /// <summary>Creates a device from its description ("cpu", "cuda:0").</summary>
    public static Device device(string description) => new(description);

    /// <summary>Creates a device from its type and index.</summary>
    public static Device device(DeviceType type, int index = -1) => new(type, index);
}
