namespace ResNetTab.Torch;

/// <summary>Registers a field under a name other than the field's own (e.g. PyTorch's <c>downsample</c>).</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class ComponentNameAttribute(string name) : Attribute
{
    /// <summary>The registered name.</summary>
    public string Name { get; } = name;
}

/// <summary>
/// Marks a <see cref="torch.Tensor"/> field as a buffer: saved in the state dict (unless not
/// persistent) and moved with the module, but not trained.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class BufferAttribute(bool persistent = true) : Attribute
{
    /// <summary>Whether the buffer is part of the state dict.</summary>
    public bool Persistent { get; } = persistent;
}

/// <summary>
/// Excludes a field from automatic registration (a cached tensor, a reference to a module owned
/// elsewhere). Without it, an unregistrable Tensor field makes registration fail loudly.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class NotAComponentAttribute : Attribute;
