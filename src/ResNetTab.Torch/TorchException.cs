namespace ResNetTab.Torch;

/// <summary>
/// An error reported by libtorch (or by the native shim around it). The message is libtorch's own
/// text, e.g. "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0".
/// </summary>
public sealed class TorchException : Exception
{
    /// <summary>Creates an exception carrying libtorch's message.</summary>
    public TorchException(string message) : base(message) { }

    /// <summary>Creates an exception carrying a message and its cause.</summary>
    public TorchException(string message, Exception inner) : base(message, inner) { }
}
