using static ResNetTab.Torch.torch;

namespace ResNetTab.Torch.Modules
{
    /// <summary>
    /// A trainable tensor owned by a module. Creating one shares the data tensor's storage
    /// (as PyTorch's <c>nn.Parameter(data)</c>) and takes the parameter out of every dispose scope:
    /// its module frees it when disposed.
    /// </summary>
    public sealed class Parameter : Tensor
    {
        /// <summary>Wraps the data of <paramref name="data"/> as a leaf tensor that requires a gradient.</summary>
        public Parameter(Tensor data, bool requires_grad = true) : base(DetachedAlias(data))
        {
            DetachFromDisposeScope();
            this.requires_grad = requires_grad;
        }

        private static Tensor DetachedAlias(Tensor data)
        {
            ArgumentNullException.ThrowIfNull(data);
            return data.detach();
        }
    }
}

namespace ResNetTab.Torch
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Creates a parameter sharing <paramref name="data"/>'s storage.</summary>
            public static Modules.Parameter Parameter(Tensor data, bool requires_grad = true) => new(data, requires_grad);
        }
    }
}
